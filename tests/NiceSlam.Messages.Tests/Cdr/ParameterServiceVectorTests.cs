using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.RclInterfaces;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>The rcl_interfaces parameter services `ros2 param` calls, against byte layouts worked out by hand from
/// Humble's definitions (the real-ROS tests check them against rclpy itself).</summary>
public class ParameterServiceVectorTests
{
    private static void Check<T>(T value, byte[] expected) where T : notnull
    {
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(CdrServiceSerializer.Serialize(value)));
        Assert.Equivalent(value, CdrServiceSerializer.Deserialize<T>(expected), strict: true);
    }

    [Fact]
    public void A_double_parameter_value_aligns_its_int64_and_float64_to_8()
    {
        Check(new GetParametersResponse([ParameterValue.Of(2.5)]), HandBytes.Le()
            .At(0).U32(1)                         // one value
            .At(4).U8(ParameterType.Double)       // type
            .At(5).U8(0)                          // bool_value
            .Pad(2).At(8).U64(0)                  // integer_value, aligned to 8
            .At(16).F64(2.5)                      // double_value
            .At(24).U32(1).Chars("")              // string_value: "" is a length of 1 and the NUL
            .Pad(3).At(32).U32(0)                 // byte_array_value
            .At(36).U32(0)                        // bool_array_value
            .At(40).U32(0)                        // integer_array_value (empty: no alignment)
            .At(44).U32(0)                        // double_array_value
            .At(48).U32(0)                        // string_array_value
            .At(52).ToArray());
    }

    [Fact]
    public void Set_parameters_atomically_answers_a_bool_and_the_reason()
    {
        Check(new SetParametersAtomicallyResponse(new SetParametersResult(false, "no")), HandBytes.Le()
            .At(0).U8(0)
            .Pad(3).At(4).U32(3).Chars("no")
            .At(11).ToArray());
    }

    [Fact]
    public void List_parameters_request_is_prefixes_then_a_uint64_depth()
    {
        Check(new ListParametersRequest(["ab"], 0), HandBytes.Le()
            .At(0).U32(1).U32(3).Chars("ab")      // one prefix, bytes 4..11
            .Pad(1).At(12).Pad(4).At(16).U64(0)   // depth aligned to 8
            .At(24).ToArray());
    }

    [Fact]
    public void A_descriptor_round_trips_with_its_ranges_and_more_than_one_range_is_refused()
    {
        var descriptor = new ParameterDescriptor
        {
            Name = "cloud_period", Type = ParameterType.Double, Description = "d", ReadOnly = true,
            FloatingPointRange = [new FloatingPointRange(0, 10, 0.5)], IntegerRange = [],
        };
        var bytes = CdrServiceSerializer.Serialize(new DescribeParametersResponse([descriptor]));
        Assert.Equivalent(new DescribeParametersResponse([descriptor]), CdrServiceSerializer.Deserialize<DescribeParametersResponse>(bytes), strict: true);
        var two = descriptor with { IntegerRange = [new IntegerRange(0, 1, 1), new IntegerRange(0, 2, 1)] };
        Assert.Throws<CdrException>(() => CdrServiceSerializer.Serialize(new DescribeParametersResponse([two])));
    }
}
