namespace NiceSlam.Data.Synthetic;

/// <summary>One exact rendering of the synthetic scene, row-major: <see cref="Depth"/> [H, W] optical z in metres
/// (0 where a ray hits nothing), <see cref="Rgb"/> [H, W, 3] bytes, <see cref="PrimitiveIds"/> [H, W] index of the
/// primitive seen (-1 for none).</summary>
public sealed record RenderedView(int Width, int Height, float[] Depth, byte[] Rgb, int[] PrimitiveIds);
