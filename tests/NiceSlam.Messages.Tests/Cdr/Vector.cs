using NiceSlam.Messages.Cdr;

namespace NiceSlam.Messages.Tests.Cdr;

internal static class Vector
{
    /// <summary>Serialize must produce exactly <paramref name="expected"/>, and Deserialize of it must give back
    /// <paramref name="message"/> field by field (both the typed and the by-name entry point).</summary>
    public static void Check<T>(T message, byte[] expected, bool bigEndian = false) where T : notnull
    {
        byte[] actual = CdrSerializer.Serialize(message, bigEndian);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        MessageAssert.Equal(message, CdrSerializer.Deserialize<T>(expected));
        MessageAssert.Equal(message, CdrSerializer.Deserialize(CdrSerializer.RosTypeName(typeof(T)), expected));
    }
}
