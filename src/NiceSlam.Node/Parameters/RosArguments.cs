namespace NiceSlam.Node.Parameters;

/// <summary>
/// The ROS part of a command line, split from the application's part. ROS 2 passes node options after
/// <c>--ros-args</c> up to a lone <c>--</c> or the end (several such blocks may occur): <c>-r/--remap from:=to</c>,
/// <c>-p/--param name:=value</c>, <c>--params-file path</c>, plus logging and enclave options that only rcl reads.
/// rcl_init sees the whole command line (rcldotnet hands it <c>Environment.GetCommandLineArgs()</c>) and applies
/// the remappings; rcldotnet has no parameter API, so the parameters are read from these arguments by
/// <see cref="RosParameters"/>. The application's part goes to the Generic Host, whose command-line
/// configuration would reject <c>-p</c>.
/// </summary>
public sealed record RosArguments
{
    /// <summary>Arguments outside every --ros-args block, in order.</summary>
    public IReadOnlyList<string> ApplicationArguments { get; init; } = [];

    /// <summary>--params-file paths, in order (later files override earlier ones).</summary>
    public IReadOnlyList<string> ParameterFiles { get; init; } = [];

    /// <summary>-p/--param assignments as (name, YAML value text), in order; they override every file.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ParameterAssignments { get; init; } = [];

    /// <summary>The node name from <c>-r __node:=name</c> (or <c>__name</c>), if given.</summary>
    public string? NodeName { get; init; }

    /// <summary>The namespace from <c>-r __ns:=/ns</c>, if given.</summary>
    public string? NodeNamespace { get; init; }

    /// <summary>Options that take a value and that only rcl reads.</summary>
    private static readonly HashSet<string> RclOptionsWithValue =
        ["--log-level", "--log-file-name", "--log-config-file", "-e", "--enclave"];

    public static RosArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var application = new List<string>();
        var files = new List<string>();
        var assignments = new List<KeyValuePair<string, string>>();
        string? nodeName = null, nodeNamespace = null;
        bool inRos = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--ros-args") { inRos = true; continue; }
            if (!inRos) { application.Add(a); continue; }
            if (a == "--") { inRos = false; continue; }
            switch (a)
            {
                case "-p" or "--param":
                    var (name, value) = SplitAssignment(a, Next(args, ref i, a));
                    assignments.Add(new(name, value));
                    break;
                case "--params-file":
                    files.Add(Next(args, ref i, a));
                    break;
                case "-r" or "--remap":
                    var (from, to) = SplitAssignment(a, Next(args, ref i, a));
                    if (from is "__node" or "__name") nodeName = to;
                    else if (from == "__ns") nodeNamespace = to;
                    break;
                default:
                    if (RclOptionsWithValue.Contains(a)) Next(args, ref i, a);
                    // Flags such as --enable-rosout-logs / --disable-stdout-logs are rcl's alone.
                    break;
            }
        }
        return new RosArguments
        {
            ApplicationArguments = application,
            ParameterFiles = files,
            ParameterAssignments = assignments,
            NodeName = nodeName,
            NodeNamespace = nodeNamespace,
        };
    }

    /// <summary>The node's fully qualified name: <c>/ns/name</c>, from the remappings or the given defaults.</summary>
    public string FullyQualifiedName(string defaultName, string defaultNamespace = "")
    {
        string ns = (NodeNamespace ?? defaultNamespace).Trim('/');
        string name = NodeName ?? defaultName;
        return ns.Length == 0 ? "/" + name : "/" + ns + "/" + name;
    }

    private static string Next(IReadOnlyList<string> args, ref int i, string option) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"ROS argument {option} expects a value after it, found the end of the command line");

    /// <summary>Splits <c>name:=value</c>; a node-scoped remap <c>node:from:=to</c> keeps only <c>from</c>.</summary>
    private static (string Name, string Value) SplitAssignment(string option, string text)
    {
        int at = text.IndexOf(":=", StringComparison.Ordinal);
        if (at <= 0) throw new ArgumentException($"ROS argument {option} expects name:=value, found '{text}'");
        string name = text[..at];
        int scope = name.LastIndexOf(':');
        if (scope >= 0) name = name[(scope + 1)..];
        return (name, text[(at + 2)..]);
    }
}
