using System.Security.Cryptography;
using System.Text;

namespace NiceSlam.Fuzzing;

/// <summary>
/// An input kept as a file after it crashed, hung or over-allocated a reader, replayed by the tests from then on.
/// Layout: the line "niceslam-fuzz 1", the target's name, the seed variant, then the input's bytes.
/// </summary>
public static class RegressionInput
{
    private const string Magic = "niceslam-fuzz 1";

    /// <summary>Writes <paramref name="finding"/>'s input into <paramref name="folder"/>/&lt;target&gt;/ (named by its
    /// hash) and returns the path.</summary>
    public static string Save(FuzzFinding finding, string folder)
    {
        string directory = Path.Combine(folder, finding.Target);
        Directory.CreateDirectory(directory);
        string name = Convert.ToHexString(SHA256.HashData(finding.Input.Data))[..16].ToLowerInvariant() + ".fuzz";
        string path = Path.Combine(directory, name);
        using var file = File.Create(path);
        file.Write(Encoding.UTF8.GetBytes($"{Magic}\n{finding.Target}\n{finding.Input.Variant}\n"));
        file.Write(finding.Input.Data);
        return path;
    }

    /// <summary>Reads a file written by <see cref="Save"/>: the target's name and the input.</summary>
    public static (string Target, FuzzCase Input) Load(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int position = 0;
        string Line()
        {
            int end = Array.IndexOf(bytes, (byte)'\n', position);
            if (end < 0) throw new InvalidDataException($"{path}: not a fuzz regression input (header cut short)");
            string line = Encoding.UTF8.GetString(bytes, position, end - position);
            position = end + 1;
            return line;
        }
        if (Line() != Magic) throw new InvalidDataException($"{path}: not a fuzz regression input (expected '{Magic}' first)");
        string target = Line();
        string variant = Line();
        return (target, new FuzzCase(variant, bytes[position..]));
    }
}
