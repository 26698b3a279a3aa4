using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Tests.Cdr;

/// <summary>Hand-worked CDR vectors for builtin_interfaces and std_msgs. Offsets are payload offsets (after the
/// 4-byte encapsulation header); every primitive is aligned to its own size from there.</summary>
public class StdAndBuiltinVectorTests
{
    [Fact]
    public void Time_is_int32_sec_then_uint32_nanosec()
    {
        // header 00 01 00 00 (CDR_LE); offset 0: sec = 1; offset 4: nanosec = 2 (both little-endian, no padding).
        Vector.Check(new Time(1, 2), Convert.FromHexString("00010000" + "01000000" + "02000000"));
    }

    [Fact]
    public void Duration_negative_seconds_is_twos_complement()
    {
        // offset 0: sec = -1 = ff ff ff ff; offset 4: nanosec = 500 = 0x1f4 → f4 01 00 00.
        Vector.Check(new Duration(-1, 500), Convert.FromHexString("00010000" + "ffffffff" + "f4010000"));
    }

    [Fact]
    public void Header_little_endian()
    {
        // offset 0: sec 10 (0a); offset 4: nanosec 20 (14); offset 8: string length 4 ('map' + NUL);
        // offset 12: 6d 61 70 00; ends at 16 (no trailing padding is written).
        Vector.Check(new Header(new Time(10, 20), "map"),
            Convert.FromHexString("00010000" + "0a000000" + "14000000" + "04000000" + "6d617000"));
    }

    [Fact]
    public void Header_big_endian()
    {
        // Same layout as the little-endian vector, header 00 00 00 00 (CDR_BE) and every integer byte-reversed.
        Vector.Check(new Header(new Time(10, 20), "map"),
            Convert.FromHexString("00000000" + "0000000a" + "00000014" + "00000004" + "6d617000"), bigEndian: true);
    }

    [Fact]
    public void Header_with_empty_frame_id_still_writes_the_nul()
    {
        // offset 8: length 1 (just the NUL); offset 12: 00.
        Vector.Check(new Header(new Time(0, 0), ""),
            Convert.FromHexString("00010000" + "00000000" + "00000000" + "01000000" + "00"));
    }

    [Fact]
    public void Header_utf8_frame_id_counts_bytes_not_chars()
    {
        // "é" is 2 UTF-8 bytes (c3 a9): length 3 with the NUL.
        Vector.Check(new Header(new Time(0, 0), "é"),
            Convert.FromHexString("00010000" + "00000000" + "00000000" + "03000000" + "c3a900"));
    }

    [Fact]
    public void ColorRGBA_is_four_float32()
    {
        // float32 1.0 = 0x3f800000 → 00 00 80 3f; 0.5 = 0x3f000000 → 00 00 00 3f; 0 → 00 00 00 00.
        Vector.Check(new ColorRGBA(1f, 0.5f, 0f, 1f),
            Convert.FromHexString("00010000" + "0000803f" + "0000003f" + "00000000" + "0000803f"));
    }
}
