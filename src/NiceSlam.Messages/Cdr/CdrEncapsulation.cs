namespace NiceSlam.Messages.Cdr;

/// <summary>The 4-byte encapsulation header in front of every serialized ROS 2 message: representation id
/// (big-endian on the wire) and two option bytes. Only plain CDR (XCDR1) in either byte order is supported.</summary>
public static class CdrEncapsulation
{
    /// <summary>Bytes of the header; CDR alignment is measured from the first byte after it.</summary>
    public const int HeaderSize = 4;

    /// <summary>Representation id of plain CDR, big-endian.</summary>
    public const ushort CdrBigEndian = 0x0000;

    /// <summary>Representation id of plain CDR, little-endian (what ROS 2 writes on x86 and ARM).</summary>
    public const ushort CdrLittleEndian = 0x0001;

    /// <summary>The conventional name of a representation id, for error messages.</summary>
    public static string NameOf(ushort representationId) => representationId switch
    {
        0x0000 => "CDR_BE",
        0x0001 => "CDR_LE",
        0x0002 => "PL_CDR_BE",
        0x0003 => "PL_CDR_LE",
        0x0006 => "CDR2_BE",
        0x0007 => "CDR2_LE",
        0x0008 => "D_CDR2_BE",
        0x0009 => "D_CDR2_LE",
        0x000a => "PL_CDR2_BE",
        0x000b => "PL_CDR2_LE",
        0x0010 => "XML",
        _ => "unknown",
    };
}
