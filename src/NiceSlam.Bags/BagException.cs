namespace NiceSlam.Bags;

/// <summary>A bag that cannot be read or written: the message names the file and what is wrong with it.</summary>
public sealed class BagException : Exception
{
    public BagException(string message) : base(message) { }

    public BagException(string message, Exception inner) : base(message, inner) { }
}
