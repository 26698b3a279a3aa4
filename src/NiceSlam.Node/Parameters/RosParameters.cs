using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NiceSlam.Node.Parameters;

/// <summary>
/// ROS parameters turned into configuration key/values for the node's "NiceSlam" section: parameter
/// <c>name</c> becomes key <c>NiceSlam:name</c> (same snake_case name; a nested name a.b becomes NiceSlam:a:b),
/// a list parameter becomes NiceSlam:name:0, NiceSlam:name:1, ... (how .NET configuration binds arrays).
/// <para>
/// rcldotnet has no parameter API (no declare/get/set, no parameter services), so the parameters are read the
/// way rcl would resolve them: every <c>--params-file</c> in order, keeping the sections whose node pattern
/// matches the node's fully qualified name (<c>/**</c>, <c>/*</c>, <c>name</c>, <c>/ns/name</c>, nested
/// <c>ns: name:</c> mappings), then every <c>-p name:=value</c>; a later value replaces an earlier one. Values
/// are YAML scalars, kept as their text (true/false, numbers, strings). Parameters are read once at start;
/// <c>ros2 param set</c> cannot reach this node.
/// </para>
/// </summary>
public static class RosParameters
{
    /// <summary>The configuration section the node binds its options from.</summary>
    public const string Section = "NiceSlam";

    /// <summary>The parameters the node documents (launch/params.yaml); others are passed on but reported.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [.. NodeOptions.ParameterNames, .. Transport.TransportOptions.ParameterNames];

    /// <summary>Resolves the parameters for the node <paramref name="nodeFullyQualifiedName"/> (e.g. /nice_slam).</summary>
    /// <returns>Parameter name → value text; a list parameter maps to its element texts.</returns>
    public static IReadOnlyDictionary<string, RosParameterValue> Resolve(RosArguments arguments, string nodeFullyQualifiedName)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var values = new Dictionary<string, RosParameterValue>(StringComparer.Ordinal);
        foreach (string file in arguments.ParameterFiles)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"--params-file {file} does not exist", file);
            foreach (var (name, value) in ReadParameterFile(File.ReadAllText(file), nodeFullyQualifiedName, file))
                values[name] = value;
        }
        foreach (var (name, text) in arguments.ParameterAssignments)
            values[name] = ParseValue(text, $"-p {name}:={text}");
        return values;
    }

    /// <summary>The configuration key/values of resolved parameters (see the type's summary for the key scheme).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ToConfiguration(IReadOnlyDictionary<string, RosParameterValue> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            string key = Section + ":" + name.Replace('.', ':');
            if (!value.IsList) yield return new(key, value.Items[0]);
            else
                for (int i = 0; i < value.Items.Count; i++)
                    yield return new(key + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), value.Items[i]);
        }
    }

    /// <summary>Reads one rcl parameter file (<c>node_pattern: ros__parameters: {...}</c>) and returns the
    /// parameters of the sections matching <paramref name="nodeFullyQualifiedName"/>, in file order.</summary>
    public static IEnumerable<KeyValuePair<string, RosParameterValue>> ReadParameterFile(string yaml, string nodeFullyQualifiedName, string origin = "parameter file")
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{origin} is not valid YAML: {e.Message}", e);
        }
        var found = new List<KeyValuePair<string, RosParameterValue>>();
        if (stream.Documents.Count == 0) return found;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException($"{origin} must be a mapping of node names to ros__parameters, found a {stream.Documents[0].RootNode.NodeType}");
        CollectSections(root, "", nodeFullyQualifiedName, origin, found);
        return found;
    }

    private static void CollectSections(YamlMappingNode node, string path, string fqn, string origin, List<KeyValuePair<string, RosParameterValue>> found)
    {
        foreach (var (keyNode, valueNode) in node.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            if (key == "ros__parameters")
            {
                if (valueNode is not YamlMappingNode parameters)
                    throw new FormatException($"{origin}: ros__parameters of '{path}' must be a mapping, found a {valueNode.NodeType}");
                if (NodePatternMatches(path, fqn)) Flatten(parameters, "", origin, found);
                continue;
            }
            if (valueNode is not YamlMappingNode child)
                throw new FormatException($"{origin}: '{key}' under '{path}' must be a node name or namespace mapping, found a {valueNode.NodeType}");
            CollectSections(child, path.TrimEnd('/') + "/" + key.Trim('/'), fqn, origin, found);
        }
    }

    private static void Flatten(YamlMappingNode node, string prefix, string origin, List<KeyValuePair<string, RosParameterValue>> found)
    {
        foreach (var (keyNode, valueNode) in node.Children)
        {
            string name = prefix + ((YamlScalarNode)keyNode).Value;
            switch (valueNode)
            {
                case YamlMappingNode nested:
                    Flatten(nested, name + ".", origin, found);
                    break;
                case YamlScalarNode scalar:
                    found.Add(new(name, RosParameterValue.Scalar(scalar.Value ?? "")));
                    break;
                case YamlSequenceNode sequence:
                    found.Add(new(name, RosParameterValue.List(sequence.Children.Select(c => c is YamlScalarNode s
                        ? s.Value ?? ""
                        : throw new FormatException($"{origin}: parameter {name} must be a list of scalars, found a {c.NodeType} element")))));
                    break;
            }
        }
    }

    /// <summary>A -p value: YAML, so <c>[a, b]</c> is a list and <c>'1'</c> the string 1.</summary>
    private static RosParameterValue ParseValue(string text, string origin)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlDotNet.Core.YamlException e) { throw new FormatException($"{origin}: the value is not valid YAML: {e.Message}", e); }
        if (stream.Documents.Count == 0) return RosParameterValue.Scalar("");
        return stream.Documents[0].RootNode switch
        {
            YamlScalarNode s => RosParameterValue.Scalar(s.Value ?? ""),
            YamlSequenceNode seq => RosParameterValue.List(seq.Children.Select(c => c is YamlScalarNode s ? s.Value ?? ""
                : throw new FormatException($"{origin}: lists of scalars only"))),
            var other => throw new FormatException($"{origin}: expected a scalar or a list, found a {other.NodeType}"),
        };
    }

    /// <summary>rcl's node-name matching in parameter files: <c>/**</c> any number of namespace levels
    /// (including none) and the name, <c>*</c> one token; a pattern without a leading slash is taken as absolute.</summary>
    public static bool NodePatternMatches(string pattern, string nodeFullyQualifiedName)
    {
        string p = "/" + pattern.Trim().TrimStart('/');
        var regex = new System.Text.StringBuilder("^");
        for (int i = 0; i < p.Length; i++)
        {
            if (string.CompareOrdinal(p, i, "/**", 0, 3) == 0) { regex.Append("(/[^/]+)*"); i += 2; }
            else if (p[i] == '*') regex.Append("[^/]*");
            else regex.Append(Regex.Escape(p[i].ToString()));
        }
        regex.Append('$');
        return Regex.IsMatch(nodeFullyQualifiedName, regex.ToString());
    }
}
