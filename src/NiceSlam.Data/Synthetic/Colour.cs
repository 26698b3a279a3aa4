namespace NiceSlam.Data.Synthetic;

/// <summary>A linear RGB colour, each channel in [0, 1].</summary>
public readonly record struct Colour(double R, double G, double B)
{
    public static Colour FromBytes(byte r, byte g, byte b) => new(r / 255.0, g / 255.0, b / 255.0);

    public override string ToString() => FormattableString.Invariant($"({R:0.##}, {G:0.##}, {B:0.##})");
}
