namespace NiceSlam.Native.Tests;

public class ElfVersionNeedsTests
{
    private static (byte[] Bytes, List<long> Flags) Sample() => TinyElf.Build(
        new TinyElf.Need("libstdc++.so.6", ("GLIBCXX_3.4.30", 0), ("GLIBCXX_3.4.32", 0)),
        new TinyElf.Need("libc.so.6", ("GLIBC_2.34", 0)));

    [Fact]
    public void Reads_every_requirement_with_its_library_and_flag_offset()
    {
        var (elf, flags) = Sample();
        var needs = ElfVersionNeeds.Read(elf);
        Assert.Equal(
            ["libstdc++.so.6/GLIBCXX_3.4.30", "libstdc++.so.6/GLIBCXX_3.4.32", "libc.so.6/GLIBC_2.34"],
            needs.Select(n => n.File + "/" + n.Version));
        Assert.Equal(flags, needs.Select(n => n.FlagsOffset));
        Assert.All(needs, n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void MarkWeak_changes_exactly_the_one_flag_byte()
    {
        var (elf, flags) = Sample();
        byte[] before = (byte[])elf.Clone();
        Assert.Equal(1, ElfVersionNeeds.MarkWeak(elf, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        var changed = Enumerable.Range(0, elf.Length).Where(i => elf[i] != before[i]).ToArray();
        Assert.Equal([(int)flags[1]], changed);
        Assert.Equal(ElfVersionNeeds.VerFlgWeak, elf[flags[1]]);
        var needs = ElfVersionNeeds.Read(elf);
        Assert.True(needs[1].IsWeak);
        Assert.False(needs[0].IsWeak);
        Assert.False(needs[2].IsWeak);
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(elf, "libstdc++.so.6", "GLIBCXX_3.4.32")); // idempotent
    }

    [Fact]
    public void Same_version_name_from_another_library_is_not_touched()
    {
        var (elf, _) = TinyElf.Build(new TinyElf.Need("libother.so.1", ("GLIBCXX_3.4.32", 0)));
        Assert.Equal(0, ElfVersionNeeds.MarkWeak(elf, "libstdc++.so.6", "GLIBCXX_3.4.32"));
    }

    [Theory]
    [InlineData(0)]    // magic
    [InlineData(4)]    // class: 32-bit
    [InlineData(5)]    // data: big-endian
    public void Rejects_files_that_are_not_elf64_little_endian(int corruptByte)
    {
        var (elf, _) = Sample();
        elf[corruptByte] = corruptByte == 0 ? (byte)0 : (byte)(elf[corruptByte] == 2 ? 1 : 2);
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf));
    }

    [Fact]
    public void Rejects_a_truncated_file_with_a_clear_error()
    {
        var (elf, _) = Sample();
        var ex = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf[..(elf.Length - 70)]));
        Assert.Contains("outside the file", ex.Message);
    }

    [Fact]
    public void A_vna_next_pointing_past_its_section_is_an_error_not_a_crash()
    {
        var (elf, flags) = Sample();
        long firstAuxNext = flags[0] + 8; // vna_next of the first Vernaux
        elf[firstAuxNext] = 0xF0;
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(elf));
    }
}
