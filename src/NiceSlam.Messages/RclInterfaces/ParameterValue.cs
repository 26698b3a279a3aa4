namespace NiceSlam.Messages.RclInterfaces;

/// <summary>rcl_interfaces/msg/ParameterType: the type of a <see cref="ParameterValue"/>.</summary>
public static class ParameterType
{
    public const byte NotSet = 0;
    public const byte Bool = 1;
    public const byte Integer = 2;
    public const byte Double = 3;
    public const byte String = 4;
    public const byte ByteArray = 5;
    public const byte BoolArray = 6;
    public const byte IntegerArray = 7;
    public const byte DoubleArray = 8;
    public const byte StringArray = 9;
}

/// <summary>rcl_interfaces/msg/ParameterValue: one value, the field of its <see cref="Type"/> set.</summary>
public sealed record ParameterValue
{
    public byte Type { get; init; }
    public bool BoolValue { get; init; }
    public long IntegerValue { get; init; }
    public double DoubleValue { get; init; }
    public string StringValue { get; init; } = "";
    public byte[] ByteArrayValue { get; init; } = [];
    public bool[] BoolArrayValue { get; init; } = [];
    public long[] IntegerArrayValue { get; init; } = [];
    public double[] DoubleArrayValue { get; init; } = [];
    public string[] StringArrayValue { get; init; } = [];

    public static ParameterValue Of(bool value) => new() { Type = ParameterType.Bool, BoolValue = value };
    public static ParameterValue Of(long value) => new() { Type = ParameterType.Integer, IntegerValue = value };
    public static ParameterValue Of(double value) => new() { Type = ParameterType.Double, DoubleValue = value };
    public static ParameterValue Of(string value) => new() { Type = ParameterType.String, StringValue = value };
    public static ParameterValue Of(IEnumerable<string> values) => new() { Type = ParameterType.StringArray, StringArrayValue = [.. values] };
}

/// <summary>rcl_interfaces/msg/Parameter: a name and its value.</summary>
public sealed record Parameter(string Name, ParameterValue Value);

/// <summary>rcl_interfaces/msg/FloatingPointRange.</summary>
public readonly record struct FloatingPointRange(double FromValue, double ToValue, double Step);

/// <summary>rcl_interfaces/msg/IntegerRange.</summary>
public readonly record struct IntegerRange(long FromValue, long ToValue, ulong Step);

/// <summary>rcl_interfaces/msg/ParameterDescriptor (Humble's: with dynamic_typing).</summary>
public sealed record ParameterDescriptor
{
    public string Name { get; init; } = "";
    public byte Type { get; init; }
    public string Description { get; init; } = "";
    public string AdditionalConstraints { get; init; } = "";
    public bool ReadOnly { get; init; }
    public bool DynamicTyping { get; init; }
    public FloatingPointRange[] FloatingPointRange { get; init; } = [];
    public IntegerRange[] IntegerRange { get; init; } = [];
}

/// <summary>rcl_interfaces/msg/SetParametersResult.</summary>
public sealed record SetParametersResult(bool Successful, string Reason);

/// <summary>rcl_interfaces/msg/ListParametersResult.</summary>
public sealed record ListParametersResult(string[] Names, string[] Prefixes);
