using System.CommandLine;
using NiceSlam.Fuzzing;

namespace NiceSlam.Cli.Commands;

/// <summary>`nice-slam fuzz &lt;target|all&gt; --seconds N [--seed S]`: mutation fuzzing of the readers of outside
/// input, for deep runs (the tests run each target for a few seconds). Exit code 2 when an input crashed, hung or
/// over-allocated; those inputs are kept as regression files.</summary>
internal static class FuzzCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = $"What to fuzz: {string.Join(", ", FuzzTargets.Names)}, or all; or a kept input (.fuzz file, or a folder of them) to replay." };
        var seconds = new Option<double>("--seconds", "-s") { Description = "Time per target, seconds.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed of the mutation engine (the same seed gives the same inputs).", DefaultValueFactory = _ => 1 };
        var hang = new Option<double>("--hang-seconds") { Description = "An input still being read after this long is a hang.", DefaultValueFactory = _ => 10 };
        var keep = new Option<DirectoryInfo>("--keep") { Description = "Where inputs that crash, hang or over-allocate are saved.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "fuzz")) };
        var reasons = new Option<int>("--reasons") { Description = "Show the most frequent rejection reasons of each target.", DefaultValueFactory = _ => 0 };
        var command = new Command("fuzz", "Mutation-fuzz the readers of outside input (CDR, MCAP, db3, metadata.yaml, map files, decoder weights, "
            + "camera YAML, dataset folders): bit flips, truncations, length fields, duplicated and shuffled records. Every input must be read "
            + "validly or cleanly rejected: no crash, hang or unbounded allocation.")
        {
            target, seconds, seed, hang, keep, reasons,
        };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(target)!;
            if (File.Exists(name) || Directory.Exists(name)) return Replay(name, TimeSpan.FromSeconds(parse.GetValue(hang)));
            var names = name == "all" ? FuzzTargets.Names : [name];
            if (names.Any(n => !FuzzTargets.Names.Contains(n)))
            {
                Console.Error.WriteLine($"fuzz: unknown target '{name}' (known: {string.Join(", ", FuzzTargets.Names)}, all)");
                return 1;
            }
            string folder = parse.GetValue(keep)!.FullName;
            var options = new FuzzOptions
            {
                Seconds = parse.GetValue(seconds),
                Seed = parse.GetValue(seed),
                HangTimeout = TimeSpan.FromSeconds(parse.GetValue(hang)),
                OnFinding = f => Console.Error.WriteLine($"fuzz: {f.Outcome} in {f.Target} at input {f.InputNumber}; kept as {RegressionInput.Save(f, folder)}"),
            };
            Console.WriteLine(FuzzReport.TableHeader);
            bool clean = true;
            foreach (string n in names)
            {
                using var fuzzTarget = FuzzTargets.Create(n);
                var report = FuzzRunner.Run(fuzzTarget, options);
                Console.Write(report.Describe(parse.GetValue(reasons)));
                if (report.SlowestCase is { } slowest && report.SlowestInput > TimeSpan.FromSeconds(1))
                    Console.WriteLine($"  slowest input ({report.SlowestInput.TotalMilliseconds:0} ms, variant {slowest.Variant}) kept as "
                        + RegressionInput.Save(new FuzzFinding(n, FuzzOutcome.ValidRead, 0, slowest, "slowest"), Path.Combine(folder, "slowest")));
                clean &= report.Clean;
            }
            Console.WriteLine(clean
                ? "every input was read validly or rejected cleanly"
                : $"FAILED: inputs that crashed, hung or over-allocated are in {folder}");
            return clean ? 0 : 2;
        });
        return command;
    }

    /// <summary>Runs kept inputs again and says what each does now.</summary>
    private static int Replay(string path, TimeSpan hangTimeout)
    {
        var files = File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*.fuzz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var targets = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal);
        bool clean = true;
        try
        {
            foreach (string file in files)
            {
                var (name, input) = RegressionInput.Load(file);
                if (!targets.TryGetValue(name, out var fuzzTarget)) targets[name] = fuzzTarget = FuzzTargets.Create(name);
                var (outcome, detail) = FuzzRunner.RunOne(fuzzTarget, input, hangTimeout);
                clean &= outcome is FuzzOutcome.ValidRead or FuzzOutcome.CleanRejection;
                Console.WriteLine($"{file}: {name} {input.Variant}: {outcome}{(detail is null ? "" : ": " + detail)}");
            }
        }
        finally
        {
            foreach (var t in targets.Values) t.Dispose();
        }
        return clean ? 0 : 2;
    }
}
