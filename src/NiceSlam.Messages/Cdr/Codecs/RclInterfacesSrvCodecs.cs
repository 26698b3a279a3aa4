using NiceSlam.Messages.RclInterfaces;

namespace NiceSlam.Messages.Cdr.Codecs;

/// <summary>
/// rcl_interfaces parameter services (Humble's definitions): ListParameters, GetParameters, GetParameterTypes,
/// DescribeParameters, SetParameters, SetParametersAtomically, with the messages they carry (ParameterValue,
/// Parameter, ParameterDescriptor with dynamic_typing and its bounded range sequences, SetParametersResult,
/// ListParametersResult), field by field in declaration order as XCDR1 lays them out.
/// </summary>
internal static class RclInterfacesSrvCodecs
{
    public static IEnumerable<(string Service, CdrCodec Request, CdrCodec Response)> All() =>
    [
        ("rcl_interfaces/srv/ListParameters",
            new CdrCodec<ListParametersRequest>("rcl_interfaces/srv/ListParameters_Request",
                (w, m) => { WriteStrings(w, m.Prefixes, "prefixes"); w.WriteUInt64(m.Depth); },
                (ref CdrReader r) => new ListParametersRequest(ReadStrings(ref r, "ListParameters_Request.prefixes"), r.ReadUInt64("ListParameters_Request.depth"))),
            new CdrCodec<ListParametersResponse>("rcl_interfaces/srv/ListParameters_Response",
                (w, m) => { WriteStrings(w, m.Result.Names, "names"); WriteStrings(w, m.Result.Prefixes, "prefixes"); },
                (ref CdrReader r) => new ListParametersResponse(new ListParametersResult(ReadStrings(ref r, "result.names"), ReadStrings(ref r, "result.prefixes"))))),
        ("rcl_interfaces/srv/GetParameters",
            new CdrCodec<GetParametersRequest>("rcl_interfaces/srv/GetParameters_Request",
                (w, m) => WriteStrings(w, m.Names, "names"),
                (ref CdrReader r) => new GetParametersRequest(ReadStrings(ref r, "GetParameters_Request.names"))),
            new CdrCodec<GetParametersResponse>("rcl_interfaces/srv/GetParameters_Response",
                (w, m) => { w.WriteSequenceLength(m.Values.Length); foreach (var v in m.Values) WriteValue(w, v); },
                (ref CdrReader r) =>
                {
                    var values = new ParameterValue[r.ReadSequenceLength(1, "GetParameters_Response.values")];
                    for (int i = 0; i < values.Length; i++) values[i] = ReadValue(ref r);
                    return new GetParametersResponse(values);
                })),
        ("rcl_interfaces/srv/GetParameterTypes",
            new CdrCodec<GetParameterTypesRequest>("rcl_interfaces/srv/GetParameterTypes_Request",
                (w, m) => WriteStrings(w, m.Names, "names"),
                (ref CdrReader r) => new GetParameterTypesRequest(ReadStrings(ref r, "GetParameterTypes_Request.names"))),
            new CdrCodec<GetParameterTypesResponse>("rcl_interfaces/srv/GetParameterTypes_Response",
                (w, m) => w.WriteUInt8Sequence(m.Types),
                (ref CdrReader r) => new GetParameterTypesResponse(r.ReadUInt8Sequence("GetParameterTypes_Response.types")))),
        ("rcl_interfaces/srv/DescribeParameters",
            new CdrCodec<DescribeParametersRequest>("rcl_interfaces/srv/DescribeParameters_Request",
                (w, m) => WriteStrings(w, m.Names, "names"),
                (ref CdrReader r) => new DescribeParametersRequest(ReadStrings(ref r, "DescribeParameters_Request.names"))),
            new CdrCodec<DescribeParametersResponse>("rcl_interfaces/srv/DescribeParameters_Response",
                (w, m) => { w.WriteSequenceLength(m.Descriptors.Length); foreach (var d in m.Descriptors) WriteDescriptor(w, d); },
                (ref CdrReader r) =>
                {
                    var descriptors = new ParameterDescriptor[r.ReadSequenceLength(1, "DescribeParameters_Response.descriptors")];
                    for (int i = 0; i < descriptors.Length; i++) descriptors[i] = ReadDescriptor(ref r);
                    return new DescribeParametersResponse(descriptors);
                })),
        ("rcl_interfaces/srv/SetParameters",
            new CdrCodec<SetParametersRequest>("rcl_interfaces/srv/SetParameters_Request",
                (w, m) => WriteParameters(w, m.Parameters),
                (ref CdrReader r) => new SetParametersRequest(ReadParameters(ref r))),
            new CdrCodec<SetParametersResponse>("rcl_interfaces/srv/SetParameters_Response",
                (w, m) => { w.WriteSequenceLength(m.Results.Length); foreach (var x in m.Results) WriteResult(w, x); },
                (ref CdrReader r) =>
                {
                    var results = new SetParametersResult[r.ReadSequenceLength(1, "SetParameters_Response.results")];
                    for (int i = 0; i < results.Length; i++) results[i] = ReadResult(ref r);
                    return new SetParametersResponse(results);
                })),
        ("rcl_interfaces/srv/SetParametersAtomically",
            new CdrCodec<SetParametersAtomicallyRequest>("rcl_interfaces/srv/SetParametersAtomically_Request",
                (w, m) => WriteParameters(w, m.Parameters),
                (ref CdrReader r) => new SetParametersAtomicallyRequest(ReadParameters(ref r))),
            new CdrCodec<SetParametersAtomicallyResponse>("rcl_interfaces/srv/SetParametersAtomically_Response",
                (w, m) => WriteResult(w, m.Result),
                (ref CdrReader r) => new SetParametersAtomicallyResponse(ReadResult(ref r)))),
    ];

    private static void WriteStrings(CdrWriter w, string[] values, string field)
    {
        w.WriteSequenceLength(values.Length);
        foreach (string v in values) w.WriteString(v, field);
    }

    private static string[] ReadStrings(ref CdrReader r, string field)
    {
        var values = new string[r.ReadSequenceLength(4, field)];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadString(field);
        return values;
    }

    // ParameterValue: uint8 type, bool, int64, float64, string, byte[], bool[], int64[], float64[], string[].
    private static void WriteValue(CdrWriter w, ParameterValue v)
    {
        w.WriteUInt8(v.Type);
        w.WriteBool(v.BoolValue);
        w.WriteInt64(v.IntegerValue);
        w.WriteFloat64(v.DoubleValue);
        w.WriteString(v.StringValue, "ParameterValue.string_value");
        w.WriteUInt8Sequence(v.ByteArrayValue);
        w.WriteSequenceLength(v.BoolArrayValue.Length);
        foreach (bool b in v.BoolArrayValue) w.WriteBool(b);
        w.WriteSequenceLength(v.IntegerArrayValue.Length);
        foreach (long i in v.IntegerArrayValue) w.WriteInt64(i);
        w.WriteFloat64Sequence(v.DoubleArrayValue);
        WriteStrings(w, v.StringArrayValue, "ParameterValue.string_array_value");
    }

    private static ParameterValue ReadValue(ref CdrReader r)
    {
        byte type = r.ReadUInt8("ParameterValue.type");
        bool b = r.ReadBool("ParameterValue.bool_value");
        long i = r.ReadInt64("ParameterValue.integer_value");
        double d = r.ReadFloat64("ParameterValue.double_value");
        string s = r.ReadString("ParameterValue.string_value");
        byte[] bytes = r.ReadUInt8Sequence("ParameterValue.byte_array_value");
        var bools = new bool[r.ReadSequenceLength(1, "ParameterValue.bool_array_value")];
        for (int k = 0; k < bools.Length; k++) bools[k] = r.ReadBool("ParameterValue.bool_array_value");
        var ints = new long[r.ReadSequenceLength(8, "ParameterValue.integer_array_value")];
        for (int k = 0; k < ints.Length; k++) ints[k] = r.ReadInt64("ParameterValue.integer_array_value");
        double[] doubles = r.ReadFloat64Sequence("ParameterValue.double_array_value");
        string[] strings = ReadStrings(ref r, "ParameterValue.string_array_value");
        return new ParameterValue
        {
            Type = type, BoolValue = b, IntegerValue = i, DoubleValue = d, StringValue = s, ByteArrayValue = bytes,
            BoolArrayValue = bools, IntegerArrayValue = ints, DoubleArrayValue = doubles, StringArrayValue = strings,
        };
    }

    private static void WriteParameters(CdrWriter w, Parameter[] parameters)
    {
        w.WriteSequenceLength(parameters.Length);
        foreach (var p in parameters)
        {
            w.WriteString(p.Name, "Parameter.name");
            WriteValue(w, p.Value);
        }
    }

    private static Parameter[] ReadParameters(ref CdrReader r)
    {
        var parameters = new Parameter[r.ReadSequenceLength(5, "parameters")];
        for (int i = 0; i < parameters.Length; i++)
        {
            string name = r.ReadString("Parameter.name");
            parameters[i] = new Parameter(name, ReadValue(ref r));
        }
        return parameters;
    }

    // ParameterDescriptor: name, type, description, additional_constraints, read_only, dynamic_typing,
    // FloatingPointRange[<=1], IntegerRange[<=1].
    private static void WriteDescriptor(CdrWriter w, ParameterDescriptor d)
    {
        w.WriteString(d.Name, "ParameterDescriptor.name");
        w.WriteUInt8(d.Type);
        w.WriteString(d.Description, "ParameterDescriptor.description");
        w.WriteString(d.AdditionalConstraints, "ParameterDescriptor.additional_constraints");
        w.WriteBool(d.ReadOnly);
        w.WriteBool(d.DynamicTyping);
        if (d.FloatingPointRange.Length > 1 || d.IntegerRange.Length > 1)
            throw new CdrException($"ParameterDescriptor {d.Name}: a range is a sequence of at most one");
        w.WriteSequenceLength(d.FloatingPointRange.Length);
        foreach (var f in d.FloatingPointRange) { w.WriteFloat64(f.FromValue); w.WriteFloat64(f.ToValue); w.WriteFloat64(f.Step); }
        w.WriteSequenceLength(d.IntegerRange.Length);
        foreach (var i in d.IntegerRange) { w.WriteInt64(i.FromValue); w.WriteInt64(i.ToValue); w.WriteUInt64(i.Step); }
    }

    private static ParameterDescriptor ReadDescriptor(ref CdrReader r)
    {
        string name = r.ReadString("ParameterDescriptor.name");
        byte type = r.ReadUInt8("ParameterDescriptor.type");
        string description = r.ReadString("ParameterDescriptor.description");
        string constraints = r.ReadString("ParameterDescriptor.additional_constraints");
        bool readOnly = r.ReadBool("ParameterDescriptor.read_only");
        bool dynamic = r.ReadBool("ParameterDescriptor.dynamic_typing");
        var floats = new FloatingPointRange[r.ReadSequenceLength(24, "ParameterDescriptor.floating_point_range")];
        if (floats.Length > 1) throw new CdrException($"ParameterDescriptor.floating_point_range has {floats.Length} elements; at most 1");
        for (int i = 0; i < floats.Length; i++) floats[i] = new FloatingPointRange(r.ReadFloat64("from_value"), r.ReadFloat64("to_value"), r.ReadFloat64("step"));
        var ints = new IntegerRange[r.ReadSequenceLength(24, "ParameterDescriptor.integer_range")];
        if (ints.Length > 1) throw new CdrException($"ParameterDescriptor.integer_range has {ints.Length} elements; at most 1");
        for (int i = 0; i < ints.Length; i++) ints[i] = new IntegerRange(r.ReadInt64("from_value"), r.ReadInt64("to_value"), r.ReadUInt64("step"));
        return new ParameterDescriptor
        {
            Name = name, Type = type, Description = description, AdditionalConstraints = constraints, ReadOnly = readOnly, DynamicTyping = dynamic,
            FloatingPointRange = floats, IntegerRange = ints,
        };
    }

    private static void WriteResult(CdrWriter w, SetParametersResult x)
    {
        w.WriteBool(x.Successful);
        w.WriteString(x.Reason, "SetParametersResult.reason");
    }

    private static SetParametersResult ReadResult(ref CdrReader r) =>
        new(r.ReadBool("SetParametersResult.successful"), r.ReadString("SetParametersResult.reason"));
}
