namespace NiceSlam.Node.Parameters;

/// <summary>One ROS parameter's value as text: a scalar (one item) or a list of scalars.</summary>
public sealed record RosParameterValue
{
    private RosParameterValue(IReadOnlyList<string> items, bool isList) { Items = items; IsList = isList; }

    /// <summary>The scalar's text, or the list's element texts.</summary>
    public IReadOnlyList<string> Items { get; }

    public bool IsList { get; }

    public static RosParameterValue Scalar(string text) => new([text ?? ""], false);

    public static RosParameterValue List(IEnumerable<string> items) => new(items.ToArray(), true);

    public override string ToString() => IsList ? "[" + string.Join(", ", Items) + "]" : Items[0];
}
