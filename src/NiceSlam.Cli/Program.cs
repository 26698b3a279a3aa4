using System.CommandLine;
using NiceSlam.Cli.Commands;

namespace NiceSlam.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Native.OneArenaRestart.Restart(Core.Compute.NativeAllocator.Arenas);      // one malloc arena from the first thread on
        return BuildCommandLine().Parse(args).Invoke();
    }

    public static RootCommand BuildCommandLine()
    {
        var root = new RootCommand("nice-slam: dense neural-implicit RGB-D SLAM (NICE-SLAM) tools.");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SoakCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(PretrainCommand.Create());
        root.Subcommands.Add(DecodersBenchCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(OdometryCommand.Create());
        root.Subcommands.Add(BagCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        return root;
    }
}
