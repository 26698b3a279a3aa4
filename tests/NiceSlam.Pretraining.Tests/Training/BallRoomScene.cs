using NiceSlam.Core.Map;
using NiceSlam.Pretraining.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NiceSlam.Pretraining.Tests.Training;

/// <summary>A tiny analytic scene for trainer tests: a 3 x 3 x 2 m box of free space (solid outside) with one
/// ball of radius r at c. Near-surface samples are taken around the ball and the floor.</summary>
internal sealed class BallRoomScene(double cx, double cy, double cz, double radius) : IOccupancyScene
{
    public Bounds3 Bounds { get; } = new(-0.3, -0.3, -0.3, 3.3, 3.3, 2.3);

    public Tensor Occupancy(Tensor p)
    {
        var centre = tensor(new[] { (float)cx, (float)cy, (float)cz });
        var insideBall = (p - centre).pow(2).sum(-1) <= radius * radius;
        var outsideRoom = (p < 0).any(-1) | (p[.., 0] > 3) | (p[.., 1] > 3) | (p[.., 2] > 2);
        return (insideBall | outsideRoom).to(float32);
    }

    public (Tensor Points, Tensor Labels) Sample(int uniformCount, int nearSurfaceCount, Generator generator)
    {
        var min = tensor(new[] { (float)Bounds.MinX, (float)Bounds.MinY, (float)Bounds.MinZ });
        var size = tensor(new[] { (float)Bounds.SizeX, (float)Bounds.SizeY, (float)Bounds.SizeZ });
        var uniform = rand(new long[] { uniformCount, 3 }, generator: generator) * size + min;
        var direction = nn.functional.normalize(randn(new long[] { nearSurfaceCount, 3 }, generator: generator), dim: -1);
        var onBall = direction * (float)radius + tensor(new[] { (float)cx, (float)cy, (float)cz });
        var near = onBall + randn(new long[] { nearSurfaceCount, 3 }, generator: generator) * 0.05f;
        var points = cat([uniform, near], 0);
        return (points, Occupancy(points));
    }
}
