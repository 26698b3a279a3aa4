using NiceSlam.Core.Geometry;

namespace NiceSlam.Core.Tracking;

/// <summary>
/// How the camera moved while a rolling-shutter frame was read out, top row to bottom row: the body twist
/// r = ξ t_ro = (u, θ) (metres, radians; translation first), ξ the camera's velocity in its own frame and t_ro the
/// readout time. A row at ρ ∈ [−½, ½] of the frame's height from its middle was exposed ρ t_ro after the middle row, so
/// a point it saw at p (that row's camera) lies at p + ρ (θ × p + u) in the middle row's camera, to first order in the
/// motion (a 90°/s turn read out in 28 ms moves 2.5°; the second-order term is below 0.1 % of the depth). The frame's
/// pose is the middle row's. Kerl, Stückler and Cremers ("Dense continuous-time tracking and mapping with rolling
/// shutter RGB-D cameras", ICCV 2015) model the same effect with a spline; the odometry here takes the velocity from
/// the previous frame's pose to the current estimate, a constant velocity over the frame interval.
/// </summary>
public readonly record struct ReadoutMotion(double Ux, double Uy, double Uz, double Thetax, double Thetay, double Thetaz)
{
    /// <summary>No motion during the readout (a global shutter, or a camera at rest).</summary>
    public static ReadoutMotion None { get; } = default;

    public bool IsNone => Ux == 0 && Uy == 0 && Uz == 0 && Thetax == 0 && Thetay == 0 && Thetaz == 0;

    /// <summary>The readout motion of a frame at <paramref name="current"/> whose previous frame, <paramref name="interval"/>
    /// seconds earlier, was at <paramref name="previous"/> (camera-to-world): the constant body velocity between them,
    /// log(previous⁻¹ current) / interval, times <paramref name="readout"/> seconds.</summary>
    public static ReadoutMotion Between(RigidTransform previous, RigidTransform current, double interval, double readout)
    {
        if (!(interval > 0) || !double.IsFinite(interval)) throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be > 0");
        var xi = Se3.Log(previous.Inverse() * current);
        double k = readout / interval;
        return new ReadoutMotion(xi[0] * k, xi[1] * k, xi[2] * k, xi[3] * k, xi[4] * k, xi[5] * k);
    }

    /// <summary>Where a row sits in the readout: ρ = (v + ½) / H − ½ for row v of an image H rows high (−½ at the top
    /// edge, ½ at the bottom).</summary>
    public static double RowPosition(double v, int height) => (v + 0.5) / height - 0.5;

    /// <summary>[θ]×, row-major 3 x 3: θ × x = [θ]× x.</summary>
    public double[] RotationRate() => [0, -Thetaz, Thetay, Thetaz, 0, -Thetax, -Thetay, Thetax, 0];

    /// <summary>(u) as an array.</summary>
    public double[] Translation() => [Ux, Uy, Uz];

    public override string ToString() => FormattableString.Invariant(
        $"u ({Ux * 1000:0.0}, {Uy * 1000:0.0}, {Uz * 1000:0.0}) mm, θ ({Thetax * 180 / Math.PI:0.00}, {Thetay * 180 / Math.PI:0.00}, {Thetaz * 180 / Math.PI:0.00})°");
}
