using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NiceSlam.Messages.Bus;
using NiceSlam.Messages.RclInterfaces;
using NiceSlam.Node.Outputs;
using NiceSlam.Node.Transport;

namespace NiceSlam.Node.Parameters;

/// <summary>
/// The node's settings as ROS 2 parameters: the rcl_interfaces services `ros2 param list/get/describe/set` call
/// (&lt;node&gt;/list_parameters, get_parameters, get_parameter_types, describe_parameters, set_parameters,
/// set_parameters_atomically), one parameter per key of launch/params.yaml (<see cref="NodeOptions"/> and
/// <see cref="TransportOptions"/>). Settings the running node reads again on every use can be set
/// (<see cref="Dynamic"/>: output periods and sizes, tf broadcasting, the tracking refinement); a new value is checked
/// as at start and refused with the reason when invalid. Every other setting is described read-only and a set is
/// refused with the reason (it is read when the node starts). A transport that cannot carry these services (the
/// rcldotnet build) is logged, not fatal.
/// </summary>
public sealed class ParameterServer(IMessageBus bus, IOptions<NodeOptions> options, IOptions<TransportOptions> transport, RosNodeIdentity identity,
    MapPublisher maps, ILogger<ParameterServer> logger) : IHostedService
{
    /// <summary>Settings that can change while the node runs, and what reads them again.</summary>
    public static readonly IReadOnlyDictionary<string, string> Dynamic = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cloud_period"] = "the map publisher, from its next round",
        ["occupancy_period"] = "the map publisher, from its next round",
        ["mesh_period"] = "the map publisher, from its next round",
        ["cloud_voxel"] = "the next point cloud",
        ["occupancy_resolution"] = "the next occupancy grid",
        ["occupancy_min_height"] = "the next occupancy grid",
        ["occupancy_max_height"] = "the next occupancy grid",
        ["mesh_max_triangles"] = "the next mesh marker",
        ["publish_tf"] = "the next pose",
        ["tracking_refinement"] = "the next frame",
    };

    private readonly object gate = new();
    private readonly List<IDisposable> services = [];
    private readonly Dictionary<string, (object Owner, PropertyInfo Property)> parameters = Collect(options.Value, transport.Value);

    /// <summary>The parameter names, in params.yaml's order.</summary>
    public IEnumerable<string> Names => parameters.Keys;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string prefix = (identity.Namespace.TrimEnd('/') + "/" + identity.Name).TrimStart('/');
        prefix = "/" + prefix;
        try
        {
            services.Add(bus.AdvertiseService<ListParametersRequest, ListParametersResponse>(prefix + "/list_parameters", List));
            services.Add(bus.AdvertiseService<GetParametersRequest, GetParametersResponse>(prefix + "/get_parameters", Get));
            services.Add(bus.AdvertiseService<GetParameterTypesRequest, GetParameterTypesResponse>(prefix + "/get_parameter_types", GetTypes));
            services.Add(bus.AdvertiseService<DescribeParametersRequest, DescribeParametersResponse>(prefix + "/describe_parameters", Describe));
            services.Add(bus.AdvertiseService<SetParametersRequest, SetParametersResponse>(prefix + "/set_parameters", Set));
            services.Add(bus.AdvertiseService<SetParametersAtomicallyRequest, SetParametersAtomicallyResponse>(prefix + "/set_parameters_atomically", SetAtomically));
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            logger.LogWarning("parameter services not available on this transport ({Reason}): `ros2 param` cannot see the node; its parameters are read at start", e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in services) s.Dispose();
        services.Clear();
        return Task.CompletedTask;
    }

    public ListParametersResponse List(ListParametersRequest request)
    {
        // No parameter name has a '.', so every name is at depth 1 and has no prefix of its own.
        var names = parameters.Keys.Where(n => request.Prefixes.Length == 0 || request.Prefixes.Any(p => n.StartsWith(p + ".", StringComparison.Ordinal) || n == p));
        return new ListParametersResponse(new ListParametersResult([.. names], []));
    }

    public GetParametersResponse Get(GetParametersRequest request)
    {
        lock (gate) return new GetParametersResponse([.. request.Names.Select(n => parameters.TryGetValue(n, out var p) ? ValueOf(p.Owner, p.Property) : new ParameterValue())]);
    }

    public GetParameterTypesResponse GetTypes(GetParameterTypesRequest request) =>
        new([.. request.Names.Select(n => parameters.TryGetValue(n, out var p) ? TypeOf(p.Property.PropertyType) : ParameterType.NotSet)]);

    public DescribeParametersResponse Describe(DescribeParametersRequest request) =>
        new([.. request.Names.Select(n => parameters.TryGetValue(n, out var p)
            ? new ParameterDescriptor
            {
                Name = n,
                Type = TypeOf(p.Property.PropertyType),
                ReadOnly = !Dynamic.ContainsKey(n),
                Description = Dynamic.TryGetValue(n, out var when)
                    ? $"NiceSlam.NET setting {n} (launch/params.yaml); can change while running: read again by {when}"
                    : $"NiceSlam.NET setting {n} (launch/params.yaml); read when the node starts",
            }
            : new ParameterDescriptor { Name = n, Type = ParameterType.NotSet, Description = "no such parameter" })]);

    public SetParametersResponse Set(SetParametersRequest request)
    {
        lock (gate) return new SetParametersResponse([.. request.Parameters.Select(p => Apply([p]))]);
    }

    public SetParametersAtomicallyResponse SetAtomically(SetParametersAtomicallyRequest request)
    {
        lock (gate) return new SetParametersAtomicallyResponse(Apply(request.Parameters));
    }

    /// <summary>Sets all of <paramref name="changes"/> or none: each must be a dynamic setting, of its type, and the
    /// settings with all of them applied must be valid.</summary>
    private SetParametersResult Apply(IReadOnlyList<Parameter> changes)
    {
        var values = new List<(PropertyInfo Property, object Value)>();
        foreach (var change in changes)
        {
            if (!parameters.TryGetValue(change.Name, out var p)) return Refuse($"no parameter {change.Name}");
            if (!Dynamic.ContainsKey(change.Name))
                return Refuse($"{change.Name} is read when the node starts: set it in the parameter file or with -p {change.Name}:=... and restart the node");
            if (Convert(change.Value, p.Property.PropertyType) is not { } value)
                return Refuse($"{change.Name} is a {TypeName(TypeOf(p.Property.PropertyType))}, not a {TypeName(change.Value.Type)}");
            values.Add((p.Property, value));
        }
        var trial = Clone(options.Value);
        foreach (var (property, value) in values) property.SetValue(trial, value);
        var problems = trial.Problems(transport.Value.Transport);
        if (problems.Count > 0) return Refuse(string.Join("; ", problems));
        foreach (var (property, value) in values) property.SetValue(options.Value, value);
        if (changes.Any(c => c.Name.EndsWith("_period", StringComparison.Ordinal))) maps.Reschedule();
        foreach (var change in changes)
            logger.LogInformation("parameter {Name} set to {Value}", change.Name, Describe(ValueOf(parameters[change.Name].Owner, parameters[change.Name].Property)));
        return new SetParametersResult(true, "");
    }

    private SetParametersResult Refuse(string reason)
    {
        logger.LogInformation("parameter change refused: {Reason}", reason);
        return new SetParametersResult(false, reason);
    }

    private static Dictionary<string, (object, PropertyInfo)> Collect(NodeOptions node, TransportOptions transport)
    {
        var result = new Dictionary<string, (object, PropertyInfo)>(StringComparer.Ordinal);
        foreach (var (owner, type) in new (object, Type)[] { (transport, typeof(TransportOptions)), (node, typeof(NodeOptions)) })
            foreach (var (key, property) in SettingProperties.Of(type))
                result[key] = (owner, property);
        return result;
    }

    private static NodeOptions Clone(NodeOptions o)
    {
        var copy = new NodeOptions();
        foreach (var (_, property) in SettingProperties.Of(typeof(NodeOptions)))
            property.SetValue(copy, property.GetValue(o) is List<string> list ? new List<string>(list) : property.GetValue(o));
        return copy;
    }

    private static byte TypeOf(Type type) =>
        type == typeof(bool) ? ParameterType.Bool
        : type == typeof(int) || type == typeof(long) ? ParameterType.Integer
        : type == typeof(double) || type == typeof(float) ? ParameterType.Double
        : type == typeof(string) ? ParameterType.String
        : type == typeof(List<string>) ? ParameterType.StringArray
        : ParameterType.NotSet;

    private static ParameterValue ValueOf(object owner, PropertyInfo property) => property.GetValue(owner) switch
    {
        bool b => ParameterValue.Of(b),
        int i => ParameterValue.Of((long)i),
        long l => ParameterValue.Of(l),
        double d => ParameterValue.Of(d),
        float f => ParameterValue.Of((double)f),
        string s => ParameterValue.Of(s),
        List<string> list => ParameterValue.Of(list),
        _ => new ParameterValue(),
    };

    /// <summary>The value as the property's type (an integer is taken for a double, as `ros2 param set x 2` sends
    /// one), or null when the types do not match.</summary>
    private static object? Convert(ParameterValue v, Type type) => (TypeOf(type), v.Type) switch
    {
        (ParameterType.Bool, ParameterType.Bool) => v.BoolValue,
        (ParameterType.Integer, ParameterType.Integer) when type == typeof(int) => v.IntegerValue is >= int.MinValue and <= int.MaxValue ? (int)v.IntegerValue : null,
        (ParameterType.Integer, ParameterType.Integer) => v.IntegerValue,
        (ParameterType.Double, ParameterType.Double) => v.DoubleValue,
        (ParameterType.Double, ParameterType.Integer) => (double)v.IntegerValue,
        (ParameterType.String, ParameterType.String) => v.StringValue,
        (ParameterType.StringArray, ParameterType.StringArray) => new List<string>(v.StringArrayValue),
        _ => null,
    };

    private static string TypeName(byte type) => type switch
    {
        ParameterType.Bool => "bool",
        ParameterType.Integer => "integer",
        ParameterType.Double => "double",
        ParameterType.String => "string",
        ParameterType.StringArray => "string array",
        ParameterType.NotSet => "unset value",
        _ => $"type {type}",
    };

    private static string Describe(ParameterValue v) => v.Type switch
    {
        ParameterType.Bool => v.BoolValue ? "true" : "false",
        ParameterType.Integer => v.IntegerValue.ToString(CultureInfo.InvariantCulture),
        ParameterType.Double => v.DoubleValue.ToString(CultureInfo.InvariantCulture),
        ParameterType.String => v.StringValue,
        ParameterType.StringArray => "[" + string.Join(", ", v.StringArrayValue) + "]",
        _ => "?",
    };
}
