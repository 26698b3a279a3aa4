namespace NiceSlam.Tests;

/// <summary>
/// Locates the real RGB-D data that lives beside the repository (../shared/data, never committed). Tests that
/// use it are marked <see cref="RealDataFactAttribute"/> and are reported as skipped, with the reason, when the
/// folder is absent. NICESLAM_SHARED_DATA overrides the location.
/// </summary>
public static class SharedData
{
    public const string TumFr1Rpy = "tum_fr1_rpy_0000_0150";
    public const string SevenScenes = "7scenes_0000_0300";
    public const string TumFr3Cabinet = "tum_fr3_cabinet_kf58";

    public static string? Root { get; } = Locate();

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(string dataset) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("shared data not available"), dataset);

    public static bool Has(string dataset) => Root is not null && Directory.Exists(System.IO.Path.Combine(Root, dataset));

    private static string? Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable("NICESLAM_SHARED_DATA");
        if (!string.IsNullOrEmpty(overridden)) return Directory.Exists(overridden) ? overridden : null;
        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepositoryRoot(), "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NiceSlam.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no NiceSlam.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>A fact that needs one of the real datasets in ../shared/data; skipped with the reason when absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute(string dataset)
    {
        if (!SharedData.Has(dataset))
            Skip = $"real data '{dataset}' not found: ../shared/data beside the repository (or NICESLAM_SHARED_DATA) is absent";
    }
}
