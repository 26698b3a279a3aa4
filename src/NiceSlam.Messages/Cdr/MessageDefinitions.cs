using System.Text;
using System.Text.RegularExpressions;

namespace NiceSlam.Messages.Cdr;

/// <summary>Complete message definitions in rosbag2's "ros2msg" encoding, the schema text its MCAP storage writes:
/// the type's own .msg text, then for each nested type (depth first, each type once, a type's dependencies in
/// ordinal order of their names as written in the field) a newline, a line of 80 '=', a line "MSG: pkg/Name" and
/// that type's .msg text. Comments are dropped; field lines are exact.</summary>
public static partial class MessageDefinitions
{
    /// <summary>Schema encoding to store with these texts in an MCAP Schema record.</summary>
    public const string Encoding = "ros2msg";

    /// <summary>The line that opens each nested definition (80 '=').</summary>
    public static readonly string Separator = new('=', 80);

    private static readonly HashSet<string> PrimitiveTypes =
    [
        "bool", "byte", "char", "float32", "float64", "int8", "uint8", "int16", "uint16", "int32", "uint32",
        "int64", "uint64", "string",
    ];

    /// <summary>The complete definition of <paramref name="rosTypeName"/> ("pkg/msg/Name" or "pkg/Name").</summary>
    /// <exception cref="CdrException">Not one of the supported types (or the types they nest).</exception>
    public static string For(string rosTypeName)
    {
        ArgumentNullException.ThrowIfNull(rosTypeName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        Append(text, rosTypeName, seen, depth: 0);
        return text.ToString();
    }

    /// <summary>True when <see cref="For"/> knows <paramref name="rosTypeName"/>.</summary>
    public static bool Has(string rosTypeName) =>
        rosTypeName is not null && MessageDefinitionTexts.ByType.ContainsKey(CdrCodecRegistry.Canonical(rosTypeName));

    /// <summary>The .msg text of one type alone, comments dropped.</summary>
    /// <exception cref="CdrException">Unknown type.</exception>
    public static string MsgText(string rosTypeName) =>
        MessageDefinitionTexts.ByType.TryGetValue(CdrCodecRegistry.Canonical(rosTypeName), out var text)
            ? text
            : throw new CdrException(
                $"no message definition for type '{rosTypeName}' (known: {string.Join(", ", MessageDefinitionTexts.ByType.Keys.Order())})");

    /// <summary>The nested types named by the fields of <paramref name="msgText"/>, qualified with
    /// <paramref name="package"/> where the field gives none, in ordinal order (rosbag2 keeps them in a std::set).</summary>
    internal static SortedSet<string> Dependencies(string msgText, string package)
    {
        var deps = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in FieldType().Matches(msgText))
        {
            string type = m.Groups[1].Value;
            if (PrimitiveTypes.Contains(type)) continue;
            deps.Add(type.Contains('/') ? type : $"{package}/{type}");
        }
        return deps;
    }

    private static void Append(StringBuilder text, string typeName, HashSet<string> seen, int depth)
    {
        if (depth > 50) throw new CdrException($"message definition of '{typeName}' nests more than 50 levels deep");
        string msg = MsgText(typeName);
        text.Append(msg);
        string package = typeName.Split('/')[0];
        foreach (var dep in Dependencies(msg, package))
        {
            if (!seen.Add(dep)) continue;
            text.Append('\n').Append(Separator).Append('\n').Append("MSG: ").Append(dep).Append('\n');
            Append(text, dep, seen, depth + 1);
        }
    }

    /// <summary>The field type at the start of a line, as rosbag2 finds it ("pkg/Type" in "pkg/Type[] name").</summary>
    [GeneratedRegex(@"(?:^|\n)\s*([a-zA-Z0-9_/]+)(?:\[[^\]]*\])?\s+")]
    private static partial Regex FieldType();
}
