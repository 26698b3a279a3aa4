namespace NiceSlam.Messages.Cdr;

/// <summary>CDR data that cannot be read or written: too short, an unsupported encapsulation, a value out of range,
/// or a message type without a codec. The message names the offset and what was expected and found.</summary>
public sealed class CdrException : Exception
{
    public CdrException(string message) : base(message) { }

    /// <summary>A read that needs <paramref name="needed"/> bytes at payload offset <paramref name="offset"/> when only
    /// <paramref name="left"/> remain.</summary>
    internal static CdrException EndedEarly(int offset, string what, long needed, long left) =>
        new($"CDR ended early at offset {offset} reading {what}: needs {needed} bytes, {left} left");
}
