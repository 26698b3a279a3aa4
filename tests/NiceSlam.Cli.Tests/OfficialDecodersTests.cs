namespace NiceSlam.Cli.Tests;

public sealed class OfficialDecodersTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-official-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_folder_without_the_official_checkpoints_is_refused_before_anything_runs()
    {
        var result = CliProcess.NiceSlam($"run synthetic --frames 2 --official-decoders \"{dir}\" --out \"{Path.Combine(dir, "out")}\"");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no middle_fine.pt", result.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "out", "trajectory.txt")));
    }
}
