namespace NiceSlam.Core.Geometry;

/// <summary>
/// Pinhole intrinsics of an image of <see cref="Width"/> x <see cref="Height"/> pixels, with OpenCV's distortion
/// coefficients (k1, k2, p1, p2[, k3...]) of the raw image, empty once undistorted. Pixel (u, v) has its centre at
/// integer coordinates, u to the right, v down; a camera point (x, y, z) in the optical frame projects to
/// u = fx x / z + cx, v = fy y / z + cy.
/// </summary>
public sealed record CameraIntrinsics
{
    public CameraIntrinsics(int width, int height, double fx, double fy, double cx, double cy, IReadOnlyList<double>? distortion = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}x{height}");
        if (!(fx > 0) || !(fy > 0) || !double.IsFinite(fx) || !double.IsFinite(fy))
            throw new ArgumentOutOfRangeException(nameof(fx), $"focal lengths must be finite and positive, got fx={fx} fy={fy}");
        if (!double.IsFinite(cx) || !double.IsFinite(cy)) throw new ArgumentOutOfRangeException(nameof(cx), "principal point must be finite");
        Width = width;
        Height = height;
        Fx = fx;
        Fy = fy;
        Cx = cx;
        Cy = cy;
        Distortion = distortion is null ? [] : [.. distortion];
    }

    public int Width { get; }
    public int Height { get; }
    public double Fx { get; }
    public double Fy { get; }
    public double Cx { get; }
    public double Cy { get; }

    /// <summary>OpenCV distortion coefficients; empty when the image has none (or was undistorted).</summary>
    public IReadOnlyList<double> Distortion { get; }

    public bool HasDistortion => Distortion.Any(d => d != 0);

    /// <summary>The intrinsics of the same camera after undistortion (same K, no coefficients).</summary>
    public CameraIntrinsics WithoutDistortion() => new(Width, Height, Fx, Fy, Cx, Cy);

    /// <summary>Intrinsics after resizing the image to <paramref name="width"/> x <paramref name="height"/>
    /// (focal lengths and principal point scaled per axis, as the method's data loader does).</summary>
    public CameraIntrinsics Resized(int width, int height)
    {
        double sx = (double)width / Width, sy = (double)height / Height;
        return new CameraIntrinsics(width, height, Fx * sx, Fy * sy, Cx * sx, Cy * sy, Distortion);
    }

    /// <summary>Intrinsics after removing <paramref name="edge"/> pixels from every border.</summary>
    public CameraIntrinsics Cropped(int edge)
    {
        if (edge < 0 || 2 * edge >= Width || 2 * edge >= Height)
            throw new ArgumentOutOfRangeException(nameof(edge), $"crop edge {edge} does not fit a {Width}x{Height} image");
        return new CameraIntrinsics(Width - 2 * edge, Height - 2 * edge, Fx, Fy, Cx - edge, Cy - edge, Distortion);
    }

    public bool Equals(CameraIntrinsics? other) =>
        other is not null && Width == other.Width && Height == other.Height && Fx == other.Fx && Fy == other.Fy
        && Cx == other.Cx && Cy == other.Cy && Distortion.SequenceEqual(other.Distortion);

    public override int GetHashCode() => HashCode.Combine(Width, Height, Fx, Fy, Cx, Cy, Distortion.Count);

    public override string ToString() =>
        $"{Width}x{Height} fx={Fx:0.###} fy={Fy:0.###} cx={Cx:0.###} cy={Cy:0.###}"
        + (HasDistortion ? $" dist=[{string.Join(", ", Distortion.Select(d => d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)))}]" : "");
}
