using System.Text;

namespace NiceSlam.Native.Tests;

/// <summary>Builds a minimal ELF64 little-endian file with a .dynstr and a .gnu.version_r section, laid out by hand
/// from the ELF and LSB specifications (Elf64_Shdr 64 bytes, Elf64_Verneed and Elf64_Vernaux 16 bytes each).</summary>
internal static class TinyElf
{
    public sealed record Need(string File, params (string Version, ushort Flags)[] Versions);

    /// <summary>Returns the file and the byte offset of each vna_flags, in order.</summary>
    public static (byte[] Bytes, List<long> FlagOffsets) Build(params Need[] needs)
    {
        // .dynstr: "\0" then every name once.
        var strings = new MemoryStream();
        strings.WriteByte(0);
        var offsets = new Dictionary<string, uint>();
        uint Add(string s)
        {
            if (offsets.TryGetValue(s, out uint o)) return o;
            o = (uint)strings.Length;
            byte[] b = Encoding.ASCII.GetBytes(s);
            strings.Write(b);
            strings.WriteByte(0);
            offsets[s] = o;
            return o;
        }
        foreach (var need in needs)
        {
            Add(need.File);
            foreach (var v in need.Versions) Add(v.Version);
        }
        byte[] dynstr = strings.ToArray();

        const int header = 64;
        long dynstrOffset = header;
        long verneedOffset = Align(dynstrOffset + dynstr.Length, 8);
        var verneed = new MemoryStream();
        var flagOffsets = new List<long>();
        for (int n = 0; n < needs.Length; n++)
        {
            var need = needs[n];
            int entrySize = 16 + 16 * need.Versions.Length;
            Write16(verneed, 1);                                   // vn_version
            Write16(verneed, (ushort)need.Versions.Length);        // vn_cnt
            Write32(verneed, offsets[need.File]);                  // vn_file
            Write32(verneed, 16);                                  // vn_aux
            Write32(verneed, n == needs.Length - 1 ? 0u : (uint)entrySize); // vn_next
            for (int a = 0; a < need.Versions.Length; a++)
            {
                var (version, flags) = need.Versions[a];
                Write32(verneed, (uint)version.GetHashCode());     // vna_hash (not checked by the reader)
                flagOffsets.Add(verneedOffset + verneed.Length);
                Write16(verneed, flags);                           // vna_flags
                Write16(verneed, (ushort)(2 + a));                 // vna_other
                Write32(verneed, offsets[version]);                // vna_name
                Write32(verneed, a == need.Versions.Length - 1 ? 0u : 16u); // vna_next
            }
        }
        byte[] needBytes = verneed.ToArray();
        long shoff = Align(verneedOffset + needBytes.Length, 8);
        const int shnum = 3;
        var file = new byte[shoff + 64 * shnum];
        // e_ident
        file[0] = 0x7f; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = 2; file[5] = 1; file[6] = 1;
        Put16(file, 0x10, 3);          // e_type ET_DYN
        Put16(file, 0x12, 62);         // e_machine x86-64
        Put32(file, 0x14, 1);          // e_version
        Put64(file, 0x28, shoff);      // e_shoff
        Put16(file, 0x34, 64);         // e_ehsize
        Put16(file, 0x3A, 64);         // e_shentsize
        Put16(file, 0x3C, shnum);      // e_shnum
        Put16(file, 0x3E, 0);          // e_shstrndx (no names needed)
        Array.Copy(dynstr, 0, file, dynstrOffset, dynstr.Length);
        Array.Copy(needBytes, 0, file, verneedOffset, needBytes.Length);
        // [1] .dynstr SHT_STRTAB
        Section(file, shoff + 64, type: 3, offset: dynstrOffset, size: dynstr.Length, link: 0, info: 0);
        // [2] .gnu.version_r SHT_GNU_verneed, sh_link -> .dynstr, sh_info = entry count
        Section(file, shoff + 128, type: 0x6ffffffe, offset: verneedOffset, size: needBytes.Length, link: 1, info: (uint)needs.Length);
        return (file, flagOffsets);
    }

    private static void Section(byte[] f, long at, uint type, long offset, long size, uint link, uint info)
    {
        Put32(f, at + 4, type);
        Put64(f, at + 0x18, offset);
        Put64(f, at + 0x20, size);
        Put32(f, at + 0x28, link);
        Put32(f, at + 0x2C, info);
    }

    private static long Align(long v, int a) => (v + a - 1) / a * a;
    private static void Write16(Stream s, ushort v) { s.WriteByte((byte)v); s.WriteByte((byte)(v >> 8)); }
    private static void Write32(Stream s, uint v) { for (int i = 0; i < 4; i++) s.WriteByte((byte)(v >> (8 * i))); }
    private static void Put16(byte[] f, long at, int v) { f[at] = (byte)v; f[at + 1] = (byte)(v >> 8); }
    private static void Put32(byte[] f, long at, uint v) { for (int i = 0; i < 4; i++) f[at + i] = (byte)(v >> (8 * i)); }
    private static void Put64(byte[] f, long at, long v) { for (int i = 0; i < 8; i++) f[at + i] = (byte)(v >> (8 * i)); }
}
