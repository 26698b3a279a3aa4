namespace NiceSlam.Messages.StdMsgs;

/// <summary>builtin_interfaces/msg/Duration.</summary>
public readonly record struct Duration(int Sec, uint Nanosec)
{
    public const string TypeName = "builtin_interfaces/msg/Duration";

    public double ToSeconds() => Sec + Nanosec * 1e-9;
}
