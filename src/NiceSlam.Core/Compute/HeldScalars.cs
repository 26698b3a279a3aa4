using TorchSharp;

namespace NiceSlam.Core.Compute;

/// <summary>
/// TorchSharp scalars kept alive until this set is disposed. TorchSharp (0.107) turns every .NET number in a tensor
/// expression into a <see cref="Scalar"/> (<c>x * 2.0</c>, <c>x &gt; 0.5</c>, <c>x.clamp_min(1e-6)</c>, the hidden
/// alpha = 1 of <c>x + y</c>, and the hidden exponent of <c>x.square()</c>, which is <c>x.pow(2)</c>: write
/// <c>x.pow(s[2])</c>) and hands only its raw handle to libtorch; nothing references the object during the
/// native call and dispose scopes do not track scalars, so a garbage collection started by another thread (the
/// mapping loop, the input pipeline) can finalize the scalar while libtorch is still reading it: libtorch then sees
/// garbage ("Unknown scalar type", a failed float conversion) or crashes. Code that runs many small tensor operations
/// per frame while other threads allocate (the odometry) takes its scalars from here instead:
/// <c>using var s = new HeldScalars(); x.mul(s[2.0]).add(y, s[1])</c>.
/// </summary>
public sealed class HeldScalars : IDisposable
{
    private readonly List<Scalar> held = [];

    /// <summary>A scalar of <paramref name="value"/> that lives until <see cref="Dispose"/>.</summary>
    public Scalar this[double value]
    {
        get
        {
            var scalar = value.ToScalar();
            held.Add(scalar);
            return scalar;
        }
    }

    public void Dispose()
    {
        foreach (var scalar in held) scalar.Dispose();
        held.Clear();
    }
}
