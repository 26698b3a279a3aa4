namespace NiceSlam.Core.Slam;

/// <summary>One decoder parameter of a saved map: its name as the module names it (e.g. "color.output.weight"),
/// its shape and its values in row-major order.</summary>
public sealed record ParameterState(string Name, long[] Shape, float[] Values)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the shape does not match the number of values.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name) || Shape is null || Values is null) throw new ArgumentException("decoder parameter: name, shape and values are required");
        if (Shape.Any(d => d < 0)) throw new ArgumentException($"decoder parameter '{Name}': negative size in shape [{string.Join(", ", Shape)}]");
        long count = Shape.Aggregate(1L, (a, b) => a * b);
        if (count != Values.Length) throw new ArgumentException($"decoder parameter '{Name}': shape [{string.Join(", ", Shape)}] needs {count} values, got {Values.Length}");
    }
}
