using TorchSharp;

namespace NiceSlam.Core.Compute;

/// <summary>
/// TorchSharp scalars kept alive until this set is disposed. TorchSharp (0.107) turns every .NET number in a tensor
/// expression into a <see cref="Scalar"/> (<c>x * 2.0</c>, <c>x &gt; 0.5</c>, <c>x.clamp_min(1e-6)</c>, the hidden
/// alpha = 1 of <c>x + y</c>, and the hidden exponent of <c>x.square()</c>, which is <c>x.pow(2)</c>: write
/// <c>x.pow(HeldScalars.Two)</c>) and hands only its raw handle to libtorch; nothing references the object during
/// the native call and dispose scopes do not track scalars, so a garbage collection started by another thread (the
/// mapping loop, the input pipeline) can finalize the scalar while libtorch is still reading it: libtorch then sees
/// garbage ("Unknown scalar type", a failed float conversion, "INTERNAL ASSERT FAILED at Scalar.h") or crashes.
/// Tensor code in Core and Node takes its scalars from here instead (the build bans the implicit conversions and the
/// TorchSharp members that make scalars inside, see src/BannedSymbols.ImplicitScalars.txt):
/// <c>using var s = new HeldScalars(); x.mul(s[2.0]).add(y, HeldScalars.One)</c>. A set gives one scalar per
/// distinct value, so a loop that reuses a constant allocates it once.
/// </summary>
public sealed class HeldScalars : IDisposable
{
    /// <summary>The integer 1, held for the process: the alpha that <c>x + y</c> passes on its own.</summary>
    public static Scalar One { get; } = 1L.ToScalar();

    /// <summary>The integer 2, held for the process: the exponent of <c>square()</c>.</summary>
    public static Scalar Two { get; } = 2L.ToScalar();

    /// <summary>The integer 0, held for the process: the start that <c>arange(stop)</c> passes on its own.</summary>
    public static Scalar Zero { get; } = 0L.ToScalar();

    /// <summary>The boolean true, held for the process (masks filled with true).</summary>
    public static Scalar True { get; } = true.ToScalar();

    private readonly Dictionary<long, Scalar> reals = [];
    private readonly Dictionary<long, Scalar> integers = [];

    /// <summary>A floating-point scalar of <paramref name="value"/> that lives until <see cref="Dispose"/>.</summary>
    public Scalar this[double value]
    {
        get
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            if (!reals.TryGetValue(bits, out var scalar)) reals[bits] = scalar = value.ToScalar();
            return scalar;
        }
    }

    /// <summary>
    /// An integer scalar of <paramref name="value"/> that lives until <see cref="Dispose"/>: what <c>x * 2</c> passes
    /// (integer tensors keep their type with it, where a floating-point scalar would promote them).
    /// </summary>
    public Scalar Integer(long value)
    {
        if (!integers.TryGetValue(value, out var scalar)) integers[value] = scalar = value.ToScalar();
        return scalar;
    }

    public void Dispose()
    {
        foreach (var scalar in reals.Values) scalar.Dispose();
        foreach (var scalar in integers.Values) scalar.Dispose();
        reals.Clear();
        integers.Clear();
    }
}
