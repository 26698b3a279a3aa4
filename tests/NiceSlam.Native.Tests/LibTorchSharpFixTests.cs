using System.Text;

namespace NiceSlam.Native.Tests;

public sealed class LibTorchSharpFixTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-native-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string WriteSample(ushort flags = 0)
    {
        var (elf, _) = TinyElf.Build(new TinyElf.Need("libstdc++.so.6", ("GLIBCXX_3.4.30", 0), ("GLIBCXX_3.4.32", flags)));
        string path = Path.Combine(dir, LibTorchSharpFix.LibraryFileName);
        File.WriteAllBytes(path, elf);
        return path;
    }

    [Fact]
    public void On_a_system_with_the_version_the_file_is_left_byte_for_byte_unchanged()
    {
        string path = WriteSample();
        byte[] before = File.ReadAllBytes(path);
        DateTime modified = File.GetLastWriteTimeUtc(path);
        Assert.Equal(PatchOutcome.NotNeeded, LibTorchSharpFix.Apply(path, systemNeedsFix: false));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path));
        Assert.False(LibTorchSharpFix.RequirementIsWeak(path));
    }

    [Fact]
    public void On_a_system_without_it_the_requirement_becomes_weak_and_the_timestamp_is_kept()
    {
        string path = WriteSample();
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(PatchOutcome.Patched, LibTorchSharpFix.Apply(path, systemNeedsFix: true));
        Assert.True(LibTorchSharpFix.RequirementIsWeak(path));
        Assert.Equal(new DateTime(2026, 5, 7, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        Assert.Equal(PatchOutcome.AlreadyWeak, LibTorchSharpFix.Apply(path, systemNeedsFix: true));
        Assert.False(File.Exists(path + ".niceslam-tmp"));
    }

    [Fact]
    public void A_library_without_the_requirement_is_reported_and_untouched()
    {
        var (elf, _) = TinyElf.Build(new TinyElf.Need("libstdc++.so.6", ("GLIBCXX_3.4.30", 0)));
        string path = Path.Combine(dir, "other.so");
        File.WriteAllBytes(path, elf);
        Assert.Equal(PatchOutcome.NoSuchRequirement, LibTorchSharpFix.Apply(path, systemNeedsFix: true));
        Assert.Equal(elf, File.ReadAllBytes(path));
        Assert.Null(LibTorchSharpFix.RequirementIsWeak(path));
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0", true)]
    [InlineData("GLIBCXX_3.4.30\0GLIBCXX_3.4.3\0", false)]
    [InlineData("GLIBCXX_3.4.30\0GLIBCXX_3.4.320\0", false)]   // a longer name is another version
    [InlineData("GLIBCXX_3.4.30\0XGLIBCXX_3.4.32\0", false)]   // and so is a longer prefix
    public void Libstdcxx_version_detection_matches_whole_names_only(string table, bool expected)
    {
        string path = Path.Combine(dir, "libstdc++.so.6");
        File.WriteAllBytes(path, [0x7f, .. Encoding.ASCII.GetBytes("ELF\0\0junk\0" + table + "tail")]);
        Assert.Equal(expected, SystemLibstdcxx.Provides(path, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void The_real_TorchSharp_library_from_the_package_gets_exactly_one_byte_changed()
    {
        string package = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryFileName);
        Assert.True(File.Exists(package), $"TorchSharp 0.107.0 native library expected at {package} after restore");
        string copy = Path.Combine(dir, LibTorchSharpFix.LibraryFileName);
        File.Copy(package, copy);
        byte[] before = File.ReadAllBytes(copy);
        Assert.False(LibTorchSharpFix.RequirementIsWeak(copy)); // the package's file is strict: the cache is never patched

        Assert.Equal(PatchOutcome.Patched, LibTorchSharpFix.Apply(copy, systemNeedsFix: true));
        byte[] after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        Assert.Single(Enumerable.Range(0, after.Length), i => after[i] != before[i]);
        var needs = ElfVersionNeeds.Read(after);
        Assert.Single(needs, n => n.IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBCXX_3.4.32" && n.IsWeak);
    }

    [Fact]
    public void The_library_in_this_test_output_is_in_the_state_the_build_promises()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpFix.LibraryFileName);
        Assert.True(File.Exists(path), $"{path} missing: the test project should carry TorchSharp's natives");
        bool? weak = LibTorchSharpFix.RequirementIsWeak(path);
        if (LibTorchSharpFix.SystemNeedsFix()) Assert.True(weak, "system lacks GLIBCXX_3.4.32 but the build did not patch the output copy");
        else Assert.False(weak, "system has GLIBCXX_3.4.32: the build must leave the library unchanged");
    }

    [Fact]
    public void TorchSharp_loads_and_computes_in_this_process()
    {
        using var t = TorchSharp.torch.arange(1, 5, dtype: TorchSharp.torch.float64);
        Assert.Equal(10.0, t.sum().item<double>());
    }
}
