namespace NiceSlam.Node.Input;

/// <summary>Thrown by the input conversions when a message cannot become (part of) a frame; <see cref="Reason"/>
/// is the category the node counts, the message says what was expected and what was found.</summary>
public sealed class InputRejectedException : Exception
{
    public InputRejectedException(InputRejection reason, string message) : base(message) => Reason = reason;

    public InputRejectedException(InputRejection reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    /// <summary>The rejection category.</summary>
    public InputRejection Reason { get; }
}
