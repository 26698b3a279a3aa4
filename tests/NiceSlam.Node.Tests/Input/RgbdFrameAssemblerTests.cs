using NiceSlam.Node.Input;
using static NiceSlam.Node.Tests.Input.TestMessages;

namespace NiceSlam.Node.Tests.Input;

public class RgbdFrameAssemblerTests
{
    private readonly RgbdFrameAssembler assembler = new("/camera/color/camera_info");

    [Fact]
    public void A_registered_pair_becomes_a_frame_stamped_with_the_colour_time()
    {
        // Colour stamp 12.5 s (12 s + 5e8 ns); depth 1000 mm at scale 0.001 = 1 m everywhere.
        var colour = Colour(12_500) ;
        var frame = assembler.Assemble(7, colour, Depth(12_501), Info(), 0.001);
        Assert.Equal(7, frame.Index);
        Assert.Equal(12.5, frame.Timestamp, 9);
        Assert.Equal([10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30], frame.Rgb);
        Assert.Equal([1f, 1f, 1f, 1f], frame.Depth);
        Assert.Equal((2.0, 2.0, 0.5, 0.5), (frame.Intrinsics.Fx, frame.Intrinsics.Fy, frame.Intrinsics.Cx, frame.Intrinsics.Cy));
    }

    [Fact]
    public void Colour_and_depth_of_different_sizes_are_rejected_naming_both()
    {
        var e = Assert.Throws<InputRejectedException>(() => assembler.Assemble(0, Colour(0, 4, 3), Depth(0, 2, 2), Info(4, 3), 0.001));
        Assert.Equal(InputRejection.Size, e.Reason);
        Assert.Contains("4x3", e.Message);
        Assert.Contains("2x2", e.Message);
    }

    [Fact]
    public void Without_camera_info_the_topic_is_named()
    {
        var e = Assert.Throws<InputRejectedException>(() => assembler.Assemble(0, Colour(0), Depth(0), null, 0.001));
        Assert.Equal(InputRejection.CameraInfo, e.Reason);
        Assert.Equal("no CameraInfo received yet on /camera/color/camera_info", e.Message);
    }

    [Fact]
    public void Camera_info_of_another_size_is_rejected()
    {
        var e = Assert.Throws<InputRejectedException>(() => assembler.Assemble(0, Colour(0), Depth(0), Info(640, 480), 0.001));
        Assert.Equal(InputRejection.CameraInfo, e.Reason);
        Assert.Contains("640x480", e.Message);
    }

    [Fact]
    public void A_depth_image_without_valid_pixels_is_rejected()
    {
        var e = Assert.Throws<InputRejectedException>(() => assembler.Assemble(0, Colour(0), Depth(0, millimetres: 0), Info(), 0.001));
        Assert.Equal(InputRejection.Depth, e.Reason);
    }
}
