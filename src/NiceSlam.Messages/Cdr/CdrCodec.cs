namespace NiceSlam.Messages.Cdr;

/// <summary>Writes one value of <typeparamref name="T"/> at the writer's position.</summary>
public delegate void CdrWriteAction<in T>(CdrWriter writer, T value);

/// <summary>Reads one value of <typeparamref name="T"/> at the reader's position.</summary>
public delegate T CdrReadFunc<out T>(ref CdrReader reader);

/// <summary>The CDR encoder and decoder of one ROS message type, in its .msg field order.</summary>
internal abstract class CdrCodec
{
    protected CdrCodec(string rosTypeName, Type clrType)
    {
        RosTypeName = rosTypeName;
        ClrType = clrType;
    }

    /// <summary>"package/msg/Name".</summary>
    public string RosTypeName { get; }

    public Type ClrType { get; }

    public abstract void WriteBoxed(CdrWriter writer, object message);

    public abstract object ReadBoxed(ref CdrReader reader);
}

/// <summary>A <see cref="CdrCodec"/> with typed read and write.</summary>
internal sealed class CdrCodec<T> : CdrCodec where T : notnull
{
    public CdrCodec(string rosTypeName, CdrWriteAction<T> write, CdrReadFunc<T> read) : base(rosTypeName, typeof(T))
    {
        Write = write;
        Read = read;
    }

    public CdrWriteAction<T> Write { get; }

    public CdrReadFunc<T> Read { get; }

    public override void WriteBoxed(CdrWriter writer, object message) => Write(writer, (T)message);

    public override object ReadBoxed(ref CdrReader reader) => Read(ref reader);
}
