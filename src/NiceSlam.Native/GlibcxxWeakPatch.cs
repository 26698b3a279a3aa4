// Makes TorchSharp's native library load on systems whose libstdc++ is older than the one it was built with.
//
// libLibTorchSharp.so (TorchSharp 0.107) records a version requirement on GLIBCXX_3.4.32 (GCC 13) for one
// symbol, std::ios_base_library_init, which it references but never calls. Debian 12 and Ubuntu 22.04 ship
// GLIBCXX_3.4.30, so the dynamic loader refuses the whole library. Setting VER_FLG_WEAK on that one
// requirement (the vna_flags of its Elf64_Vernaux entry in .gnu.version_r) lets the loader accept it; every
// other requirement stays strict, so a real incompatibility still fails loudly.
//
// This one file is compiled twice: into the NiceSlam.Native library (NICESLAM_NATIVE_LIBRARY defined, used by
// `nice-slam doctor` and the tests) and by MSBuild's RoslynCodeTaskFactory as the PatchLibTorchSharp task that
// runs after build and publish (NiceSlam.Native.targets). Keep it to C# that netstandard2.0 compiles.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NiceSlam.Native
{
    /// <summary>One Elf64_Vernaux entry of .gnu.version_r: a symbol version required from a shared library.</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The library the version is needed from, e.g. libstdc++.so.6.</summary>
        public string File { get; }

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        public string Version { get; }

        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }

        /// <summary>Byte offset of vna_flags in the file.</summary>
        public long FlagsOffset { get; }

        public bool IsWeak { get { return (Flags & ElfVersionNeeds.VerFlgWeak) != 0; } }
    }

    /// <summary>Reads and edits the version-needs table (.gnu.version_r) of a 64-bit little-endian ELF file.</summary>
    public static class ElfVersionNeeds
    {
        public const ushort VerFlgWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>All version requirements of the file. Throws InvalidDataException for anything that is not a
        /// well-formed ELF64 little-endian file; returns an empty list when the file has no .gnu.version_r.</summary>
        public static List<VersionNeed> Read(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2) throw new InvalidDataException("not a 64-bit ELF file (EI_CLASS=" + elf[4] + ")");
            if (elf[5] != 1) throw new InvalidDataException("not a little-endian ELF file (EI_DATA=" + elf[5] + ")");

            long shoff = ReadI64(elf, 0x28);
            int shentsize = ReadU16(elf, 0x3A);
            int shnum = ReadU16(elf, 0x3C);
            if (shoff <= 0 || shnum == 0) throw new InvalidDataException("ELF file has no section headers");
            if (shentsize < 64 || shoff + (long)shentsize * shnum > elf.Length)
                throw new InvalidDataException("ELF section header table lies outside the file");

            var result = new List<VersionNeed>();
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (ReadU32(elf, sh + 4) != ShtGnuVerneed) continue;
                long offset = ReadI64(elf, sh + 0x18);
                long size = ReadI64(elf, sh + 0x20);
                int link = (int)ReadU32(elf, sh + 0x28);
                int count = (int)ReadU32(elf, sh + 0x2C);
                if (offset < 0 || offset + size > elf.Length) throw new InvalidDataException(".gnu.version_r lies outside the file");
                if (link >= shnum) throw new InvalidDataException(".gnu.version_r links to a missing string table");
                long strSh = shoff + (long)link * shentsize;
                long strOffset = ReadI64(elf, strSh + 0x18);
                long strSize = ReadI64(elf, strSh + 0x20);
                if (strOffset < 0 || strOffset + strSize > elf.Length) throw new InvalidDataException("string table lies outside the file");

                long vn = offset;
                for (int i = 0; i < count; i++)
                {
                    CheckRange(elf, vn, 16, offset, size);
                    int cnt = ReadU16(elf, vn + 2);
                    string file = ReadString(elf, strOffset, strSize, ReadU32(elf, vn + 4));
                    long aux = vn + ReadU32(elf, vn + 8);
                    for (int a = 0; a < cnt; a++)
                    {
                        CheckRange(elf, aux, 16, offset, size);
                        ushort flags = (ushort)ReadU16(elf, aux + 4);
                        string name = ReadString(elf, strOffset, strSize, ReadU32(elf, aux + 8));
                        result.Add(new VersionNeed(file, name, flags, aux + 4));
                        uint nextAux = ReadU32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = ReadU32(elf, vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return result;
        }

        /// <summary>Sets VER_FLG_WEAK on the requirement (file, version). Returns how many entries changed.</summary>
        public static int MarkWeak(byte[] elf, string file, string version)
        {
            int changed = 0;
            foreach (VersionNeed need in Read(elf))
            {
                if (need.File != file || need.Version != version || need.IsWeak) continue;
                ushort flags = (ushort)(need.Flags | VerFlgWeak);
                elf[need.FlagsOffset] = (byte)(flags & 0xff);
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                changed++;
            }
            return changed;
        }

        private static void CheckRange(byte[] elf, long at, int length, long sectionOffset, long sectionSize)
        {
            if (at < sectionOffset || at + length > sectionOffset + sectionSize || at + length > elf.Length)
                throw new InvalidDataException(".gnu.version_r entry at byte " + at + " runs past its section");
        }

        private static string ReadString(byte[] elf, long tableOffset, long tableSize, uint index)
        {
            if (index >= tableSize) throw new InvalidDataException("string index " + index + " outside the string table");
            long start = tableOffset + index;
            long end = start;
            long limit = tableOffset + tableSize;
            while (end < limit && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        private static int ReadU16(byte[] b, long at) { return b[at] | (b[at + 1] << 8); }

        private static uint ReadU32(byte[] b, long at)
        {
            return (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));
        }

        private static long ReadI64(byte[] b, long at) { return (long)ReadU32(b, at) | ((long)ReadU32(b, at + 4) << 32); }
    }

    /// <summary>Finds the libstdc++ the dynamic loader will use and tells which GLIBCXX versions it defines.</summary>
    public static class SystemLibstdcxx
    {
        private static readonly string[] Directories =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib64", "/usr/local/lib",
        };

        /// <summary>Path of libstdc++.so.6 (LD_LIBRARY_PATH first, then the usual system folders), or null.</summary>
        public static string Find()
        {
            var dirs = new List<string>();
            string ldPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldPath)) dirs.AddRange(ldPath.Split(':'));
            dirs.AddRange(Directories);
            foreach (string dir in dirs)
            {
                if (dir.Length == 0) continue;
                string candidate = Path.Combine(dir, "libstdc++.so.6");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>True when the library file defines the version (its name appears as a NUL-terminated string).</summary>
        public static bool Provides(string libraryPath, string version)
        {
            byte[] data = File.ReadAllBytes(libraryPath);
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= data.Length; i++)
            {
                if (data[i] != needle[0]) continue;
                if (i > 0 && data[i - 1] != 0) continue; // whole string, not a suffix of a longer one
                int k = 1;
                while (k < needle.Length && data[i + k] == needle[k]) k++;
                if (k == needle.Length) return true;
            }
            return false;
        }
    }

    /// <summary>What applying the fix to one file did.</summary>
    public enum PatchOutcome
    {
        /// <summary>The requirement was strict and is now weak.</summary>
        Patched,
        /// <summary>The requirement was already weak.</summary>
        AlreadyWeak,
        /// <summary>The system's libstdc++ has the version: the file was left untouched.</summary>
        NotNeeded,
        /// <summary>The file does not require the version at all (another TorchSharp build): left untouched.</summary>
        NoSuchRequirement,
    }

    /// <summary>The fix for libLibTorchSharp.so as the build and start-up apply it.</summary>
    public static class LibTorchSharpFix
    {
        public const string LibraryFileName = "libLibTorchSharp.so";
        public const string NeededFrom = "libstdc++.so.6";
        public const string MissingVersion = "GLIBCXX_3.4.32";

        /// <summary>Does the system need the fix? False where no libstdc++ is found (nothing to compare against).</summary>
        public static bool SystemNeedsFix()
        {
            string lib = SystemLibstdcxx.Find();
            return lib != null && !SystemLibstdcxx.Provides(lib, MissingVersion);
        }

        /// <summary>State of the file without changing it: true when the requirement is weak (fixed), false when
        /// it is strict, null when the file does not have it.</summary>
        public static bool? RequirementIsWeak(string path)
        {
            VersionNeed need = FindRequirement(File.ReadAllBytes(path));
            return need == null ? (bool?)null : need.IsWeak;
        }

        /// <summary>The libstdc++ GLIBCXX_3.4.32 entry of the file's version needs, or null.</summary>
        private static VersionNeed FindRequirement(byte[] elf)
        {
            foreach (VersionNeed need in ElfVersionNeeds.Read(elf))
                if (need.File == NeededFrom && need.Version == MissingVersion)
                    return need;
            return null;
        }

        /// <summary>Marks the requirement weak in place when <paramref name="systemNeedsFix"/>. The file's
        /// modification time is kept, so MSBuild's incremental copy does not put the original back.</summary>
        public static PatchOutcome Apply(string path, bool systemNeedsFix)
        {
            byte[] elf = File.ReadAllBytes(path);
            VersionNeed need = FindRequirement(elf);
            if (need == null) return PatchOutcome.NoSuchRequirement;
            if (need.IsWeak) return PatchOutcome.AlreadyWeak;
            if (!systemNeedsFix) return PatchOutcome.NotNeeded;

            ElfVersionNeeds.MarkWeak(elf, NeededFrom, MissingVersion);
            DateTime modified = File.GetLastWriteTimeUtc(path);
            string temporary = path + ".niceslam-tmp";
            File.WriteAllBytes(temporary, elf);
            File.SetLastWriteTimeUtc(temporary, modified);
            if (File.Exists(path)) File.Delete(path); // the loader may hold the old inode mapped: replace, never rewrite
            File.Move(temporary, path);
            return PatchOutcome.Patched;
        }
    }

#if !NICESLAM_NATIVE_LIBRARY
    /// <summary>MSBuild task: applies <see cref="LibTorchSharpFix"/> to every file given.</summary>
    public class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; }

        /// <summary>auto (patch only when the system's libstdc++ lacks the version), always, or never.</summary>
        public string Mode { get; set; }

        public override bool Execute()
        {
            string mode = string.IsNullOrEmpty(Mode) ? "auto" : Mode.ToLowerInvariant();
            if (mode == "never") return true;
            if (mode != "auto" && mode != "always")
            {
                Log.LogError("NiceSlamGlibcxxFix must be auto, always or never, not '" + Mode + "'");
                return false;
            }
            bool needed = mode == "always" || LibTorchSharpFix.SystemNeedsFix();
            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                try
                {
                    PatchOutcome outcome = LibTorchSharpFix.Apply(path, needed);
                    var importance = outcome == PatchOutcome.Patched
                        ? Microsoft.Build.Framework.MessageImportance.High
                        : Microsoft.Build.Framework.MessageImportance.Low;
                    Log.LogMessage(importance, "NiceSlam: " + path + ": " + outcome + " (" + LibTorchSharpFix.MissingVersion + ")");
                }
                catch (Exception e)
                {
                    Log.LogError("NiceSlam: cannot apply the " + LibTorchSharpFix.MissingVersion + " fix to " + path + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
