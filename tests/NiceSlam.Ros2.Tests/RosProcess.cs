using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NiceSlam.Ros2.Tests;

/// <summary>
/// A child process in the sourced ROS 2 environment (<see cref="Ros2Install.Environment"/>), on the loopback-only
/// Cyclone configuration and a ROS domain of the test's own. It runs in a process group of its own (setsid), so that
/// stopping it stops what it started (ros2 launch's children, the ros2 daemon aside); output is captured as it comes.
/// Disposing stops the group: SIGTERM, then SIGKILL after 10 s.
/// </summary>
public sealed class RosProcess : IDisposable
{
    /// <summary>Debian's PATH: /usr/bin/python3 before any pyenv or venv python (rclpy is built for it).</summary>
    public const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private static int nextDomain = 20 + System.Environment.ProcessId % 40;

    private readonly Process process;
    private readonly StringBuilder stdout = new(), stderr = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string description;

    private RosProcess(Process process, string description)
    {
        this.process = process;
        this.description = description;
    }

    /// <summary>A ROS domain id no other test of this run uses (20-99; the DDS tests use 100 and up).</summary>
    public static int NextDomain() => 20 + (Interlocked.Increment(ref nextDomain) - 20) % 80;

    public int Id => process.Id;
    public string StdOut { get { lock (stdout) return stdout.ToString(); } }
    public string StdErr { get { lock (stderr) return stderr.ToString(); } }
    public string Output => StdOut + StdErr;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Python that restores the default action of the signals a background start ignores (and of SIGPIPE,
    /// which Python itself ignores), then executes argv[1] with the rest as its arguments.</summary>
    private const string DefaultSignalsThenExec =
        "import os, signal, sys\n"
        + "for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM, signal.SIGPIPE): signal.signal(s, signal.SIG_DFL)\n"
        + "os.execvp(sys.argv[1], sys.argv[1:])";

    /// <summary>Starts <paramref name="file"/> with <paramref name="arguments"/> in the ROS environment.</summary>
    public static RosProcess Start(string file, IEnumerable<string> arguments, int domain, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? System.Environment.CurrentDirectory,
        };
        // Through a starter that gives the command the signal dispositions a terminal's command gets: a test run
        // started in the background (nohup, `cmd &` in a script, some CI runners) inherits SIGINT, SIGQUIT and SIGHUP
        // ignored, and ros2 launch and the node would then never see the Ctrl-C the tests send.
        info.ArgumentList.Add("/usr/bin/python3");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(DefaultSignalsThenExec);
        string[] command = [file, .. arguments];
        foreach (string a in command) info.ArgumentList.Add(a);
        info.Environment.Clear();
        foreach (var (k, v) in Ros2Install.Environment()) info.Environment[k] = v;
        info.Environment["PATH"] = SystemPath + ":" + (Ros2Install.Environment().TryGetValue("PATH", out var p) ? p : "");
        info.Environment["ROS_DOMAIN_ID"] = domain.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CYCLONEDDS_URI"] = "file://" + Ros2Install.CycloneConfigFile;
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["RCUTILS_COLORIZED_OUTPUT"] = "0";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root";
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info };
        var result = new RosProcess(process, string.Join(' ', command));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (result.stdout) result.stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (result.stderr) result.stderr.AppendLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"cannot start {file}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return result;
    }

    /// <summary>Runs a command to its end (killed after <paramref name="timeout"/>, which fails).</summary>
    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> arguments, int domain, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = Start(file, arguments, domain, workingDirectory, environment);
        if (!p.WaitForExit(timeout))
            throw new TimeoutException($"{p.description} did not finish in {timeout.TotalSeconds:0} s; output so far:\n{Tail(p.Output)}");
        return (p.ExitCode, p.StdOut, p.StdErr);
    }

    /// <summary>Waits for the exit and for the last output lines.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) return false;
        process.WaitForExit();
        return true;
    }

    /// <summary>Polls the output until <paramref name="text"/> appears (true) or the time is up or the process ended
    /// without it (false).</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(100);
        }
        return false;
    }

    /// <summary>Sends <paramref name="signal"/> to the process group.</summary>
    public void Signal(int signal)
    {
        if (!process.HasExited) kill(-process.Id, signal);
    }

    /// <summary>
    /// Stops the group as a user at a terminal does (Ctrl-C: SIGINT to the group) and waits for the leader to exit.
    /// Returns whether it exited within <paramref name="timeout"/>; when it did not, <paramref name="report"/> says
    /// what each process of the group was doing (state, wait channel, pending, blocked, ignored and caught signals).
    /// </summary>
    public bool Interrupt(TimeSpan timeout, out string? report)
    {
        report = null;
        Signal(SigInt);
        if (WaitForExit(timeout)) return true;
        report = $"no exit {timeout.TotalSeconds:0} s after SIGINT; the group:\n{GroupState()}";
        return false;
    }

    /// <summary>Each live process of this process group: pid, command line, and its /proc state and signal masks.</summary>
    private string GroupState()
    {
        var lines = new StringBuilder();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');     // after "pid (comm) ": state ppid pgrp ...
                if (fields.Length < 3 || fields[2] != process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
                string command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                var status = File.ReadAllLines(Path.Combine(dir, "status"))
                    .Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Sig", StringComparison.Ordinal) || l.StartsWith("ShdPnd:", StringComparison.Ordinal))
                    .Select(l => l.Replace('\t', ' '));
                string wchan = File.ReadAllText(Path.Combine(dir, "wchan"));
                lines.AppendLine($"  {pid} {command[..Math.Min(command.Length, 160)]}: {string.Join("; ", status)}; wchan {wchan}");
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return lines.ToString();
    }

    /// <summary>The last lines of some output, for failure messages.</summary>
    public static string Tail(string text, int lines = 40) => string.Join('\n', text.Split('\n').TakeLast(lines));

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                Signal(SigTerm);
                if (!process.WaitForExit(TimeSpan.FromSeconds(10))) Signal(SigKill);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
            else kill(-process.Id, SigKill);            // whatever the leader left behind
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
