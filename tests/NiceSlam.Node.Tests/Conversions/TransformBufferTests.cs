using NiceSlam.Core.Geometry;
using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;
using NiceSlam.Messages.Tf2Msgs;
using NiceSlam.Node.Conversions;
using static NiceSlam.Node.Tests.Conversions.MapFrameConventionTests;

namespace NiceSlam.Node.Tests.Conversions;

public class TransformBufferTests
{
    // The chain map -> odom -> base_link -> camera (3 links) and a side branch base_link -> imu:
    //   odom in map:     yaw +90°, at (1, 0, 0)                    (dynamic, stamp 10 s)
    //   base in odom:    no rotation, at (2, 0, 0)                  (dynamic, stamp 10 s)
    //   camera in base:  optical rotation (body ← optical), at (0, 0, 0.5)   (static)
    //   imu in base:     no rotation, at (0, 1, 0)                  (static)
    private static TransformBuffer Chain(TimeSpan? maxAge = null)
    {
        var buffer = new TransformBuffer(maxAge);
        var stamp = new Time(10, 0);
        buffer.Add(new TFMessage { Transforms = [
            Link("map", "odom", RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2, 1, 0, 0), stamp),
            Link("odom", "base_link", new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 2, 0, 0), stamp)] }, isStatic: false);
        buffer.Add(new TFMessage { Transforms = [
            Link("/base_link", "camera", new RigidTransform(MapFrameConvention.MapFromWorld.RotationRowMajor(), 0, 0, 0.5), default),
            Link("base_link", "imu", new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 0, 1, 0), default)] }, isStatic: true);
        return buffer;
    }

    [Fact]
    public void Three_links_compose_down_the_tree()
    {
        var buffer = Chain();
        // map ← camera: the camera origin (0, 0, 0.5) in base is (2, 0, 0.5) in odom; yaw +90° takes it to
        // (0, 2, 0.5), plus (1, 0, 0): (1, 2, 0.5). Its optical z (forward) is base x, odom x, then map y.
        var t = buffer.Lookup("map", "camera");
        Assert.NotNull(t);
        AssertPoint((1, 2, 0.5), t.Value.Translation);
        AssertPoint((0, 1, 0), t.Value.Rotate(0, 0, 1));
        AssertPoint((0, 0, -1), t.Value.Rotate(0, 1, 0));                               // optical down is map down
        AssertPoint((2, 0, 0.5), buffer.Lookup("odom", "camera")!.Value.Translation);
    }

    [Fact]
    public void Upward_and_sideways_lookups_invert_the_right_links()
    {
        var buffer = Chain();
        // base ← map: the map origin seen from base. base sits at map (1, 2, 0) yawed +90°, so the map origin is
        // (-1, -2, 0) away in map, which is (-2, 1, 0) in base axes (R(-90°)(-1, -2) = (-2, 1)).
        AssertPoint((-2, 1, 0), buffer.Lookup("base_link", "map")!.Value.Translation);
        // camera ← imu: imu origin (0, 1, 0) in base is (0, 1, -0.5) from the camera; optical x = -body y = -1,
        // y = -body z = 0.5, z = body x = 0.
        AssertPoint((-1, 0.5, 0), buffer.Lookup("camera", "imu")!.Value.Translation);
        Assert.Equal(RigidTransform.Identity, buffer.Lookup("odom", "odom"));
        Assert.Null(buffer.Lookup("map", "nowhere"));
        Assert.Equal(4, buffer.Count);
    }

    [Fact]
    public void Dynamic_links_expire_and_stale_updates_are_ignored_but_static_links_stay()
    {
        var buffer = Chain(TimeSpan.FromSeconds(1));
        Assert.NotNull(buffer.Lookup("map", "camera", new Time(10, 500_000_000)));
        Assert.Null(buffer.Lookup("map", "camera", new Time(12, 0)));                   // odom links are 2 s old
        Assert.NotNull(buffer.Lookup("base_link", "camera", new Time(1000, 0)));        // static: never expires

        // An update stamped before the held one is dropped; a newer one replaces it.
        buffer.Add(new TFMessage { Transforms = [Link("odom", "base_link", new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 7, 0, 0), new Time(9, 0))] }, false);
        AssertPoint((2, 0, 0.5), buffer.Lookup("odom", "camera")!.Value.Translation);
        buffer.Add(new TFMessage { Transforms = [Link("odom", "base_link", new RigidTransform([1, 0, 0, 0, 1, 0, 0, 0, 1], 7, 0, 0), new Time(11, 0))] }, false);
        AssertPoint((7, 0, 0.5), buffer.Lookup("odom", "camera")!.Value.Translation);
    }

    [Fact]
    public void A_transform_without_frames_is_rejected()
    {
        var buffer = new TransformBuffer();
        var bad = new TFMessage { Transforms = [Link("", "camera", RigidTransform.Identity, default)] };
        Assert.Throws<ArgumentException>(() => buffer.Add(bad, false));
    }

    private static TransformStamped Link(string parent, string child, RigidTransform parentFromChild, Time stamp) => new()
    {
        Header = new Header(stamp, parent),
        ChildFrameId = child,
        Transform = TransformConversions.ToTransform(parentFromChild),
    };
}
