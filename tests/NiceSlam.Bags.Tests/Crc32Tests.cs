using NiceSlam.Bags.Mcap;

namespace NiceSlam.Bags.Tests;

public class Crc32Tests
{
    [Fact]
    public void Check_value_of_the_ieee_crc_is_cbf43926()
    {
        // The catalogued check value of CRC-32/ISO-HDLC (zlib, PNG, MCAP): crc32("123456789") = 0xCBF43926.
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Fact]
    public void Empty_input_gives_zero_and_running_value_equals_one_shot()
    {
        // No bytes: 0xFFFFFFFF xor 0xFFFFFFFF = 0.
        Assert.Equal(0u, Crc32.Compute([]));
        // crc32("a") = 0xE8B7BE43 (zlib's crc32(0, "a", 1)).
        Assert.Equal(0xE8B7BE43u, Crc32.Compute("a"u8));
        uint running = Crc32.Append(Crc32.Append(Crc32.Start, "1234"u8), "56789"u8);
        Assert.Equal(0xCBF43926u, Crc32.Finish(running));
    }
}
