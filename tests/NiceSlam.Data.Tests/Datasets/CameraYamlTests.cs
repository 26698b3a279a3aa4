using NiceSlam.Data.Datasets;

namespace NiceSlam.Data.Tests.Datasets;

public class CameraYamlTests
{
    private const string OrbSlam = """
        %YAML:1.0

        # Camera calibration and distortion parameters (OpenCV)
        Camera.fx: 517.306408
        Camera.fy: 516.469215
        Camera.cx: 318.643040
        Camera.cy: 255.313989

        Camera.k1: 0.262383
        Camera.k2: -0.953104
        Camera.p1: -0.005358
        Camera.p2: 0.002628
        Camera.k3: 1.163314

        Camera.width: 640
        Camera.height: 480
        Camera.fps: 30.0
        Camera.RGB: 1
        DepthMapFactor: 5000.0
        ORBextractor.nFeatures: 1000
        """;

    [Fact]
    public void Orb_slam_style_with_open_cv_header()
    {
        var c = CameraYaml.Parse(OrbSlam, "cam.yaml");
        Assert.Equal((517.306408, 516.469215, 318.643040, 255.313989), (c.Fx, c.Fy, c.Cx, c.Cy));
        Assert.Equal([0.262383, -0.953104, -0.005358, 0.002628, 1.163314], c.Distortion);
        Assert.Equal((640, 480), (c.Width, c.Height));
        Assert.Equal(5000, c.DepthScale);
        Assert.Equal(30, c.Fps);
        var k = c.ToIntrinsics();
        Assert.Equal(640, k.Width);
        Assert.True(k.HasDistortion);
    }

    [Fact]
    public void Orb_slam_without_size_or_k_3()
    {
        var c = CameraYaml.Parse("%YAML:1.0\nCamera.fx: 535.4\nCamera.fy: 539.2\nCamera.cx: 320.1\nCamera.cy: 247.6\nCamera.k1: 0.0\n", "TUM3.yaml");
        Assert.False(c.HasSize);
        Assert.Null(c.DepthScale);
        Assert.Equal([0.0, 0, 0, 0], c.Distortion);
        var e = Assert.Throws<DatasetException>(() => c.ToIntrinsics());
        Assert.Contains("no image size", e.Message);
        var k = c.ToIntrinsics(640, 480);
        Assert.False(k.HasDistortion);
        Assert.Equal(535.4, k.Fx);
    }

    [Fact]
    public void Orb_slam3_files_keep_size_and_type_under_camera_and_pinhole_under_camera1()
    {
        // As ORB-SLAM3's RealSense_D435i.yaml: Camera.type/width/height/fps beside Camera1.fx..., RGBD.DepthMapFactor.
        var c = CameraYaml.Parse("""
            %YAML:1.0
            File.version: "1.0"
            Camera.type: "PinHole"
            Camera1.fx: 382.6
            Camera1.fy: 382.6
            Camera1.cx: 320.8
            Camera1.cy: 238.5
            Camera1.k1: 0.0
            Camera1.k2: 0.0
            Camera1.p1: 0.0
            Camera1.p2: 0.0
            Camera.width: 640
            Camera.height: 480
            Camera.fps: 30
            Camera.RGB: 1
            RGBD.DepthMapFactor: 1000.0
            """, "RealSense_D435i.yaml");
        Assert.Equal((382.6, 320.8, 238.5), (c.Fx, c.Cx, c.Cy));
        Assert.Equal((640, 480), (c.Width, c.Height));
        Assert.Equal(30, c.Fps);
        Assert.Equal(1000, c.DepthScale);
    }

    [Fact]
    public void Deeply_nested_yaml_is_refused_not_overflowing_the_stack()
    {
        var e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: " + new string('[', 50_000), "deep.yaml"));
        Assert.Contains("nested deeper than 64 levels", e.Message);
    }

    [Fact]
    public void Simple_form()
    {
        var c = CameraYaml.Parse("width: 640\nheight: 480\nfx: 600\nfy: 601\ncx: 319.5\ncy: 239.5\ndistortion: [0.1, -0.2, 0.001, 0.002, 0.05]\ndepth_scale: 1000\nfps: 15\n", "camera.yaml");
        var k = c.ToIntrinsics();
        Assert.Equal((640, 480, 600.0, 601.0, 319.5, 239.5), (k.Width, k.Height, k.Fx, k.Fy, k.Cx, k.Cy));
        Assert.Equal([0.1, -0.2, 0.001, 0.002, 0.05], k.Distortion);
        Assert.Equal(1000, c.DepthScale);
        Assert.Equal(15, c.Fps);
        var e = Assert.Throws<DatasetException>(() => c.ToIntrinsics(320, 240));
        Assert.Contains("640x480", e.Message);
    }

    [Fact]
    public void Missing_key_is_named()
    {
        var e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: 1\nfy: 1\ncx: 1\n", "camera.yaml"));
        Assert.Equal("camera.yaml", e.Path);
        Assert.Contains("missing key 'cy'", e.Message);
        e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("%YAML:1.0\nCamera.fx: 1\nCamera.fy: 1\nCamera.cy: 1\n", "orb.yaml"));
        Assert.Contains("missing key 'Camera.cx'", e.Message);
    }

    [Fact]
    public void Bad_value_names_key_and_line()
    {
        var e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("%YAML:1.0\nCamera.fx: 1\nCamera.fy: abc\nCamera.cx: 1\nCamera.cy: 1\n", "orb.yaml"));
        Assert.Equal(3, e.Line);
        Assert.Contains("key 'Camera.fy'", e.Message);
        Assert.Contains("'abc'", e.Message);

        e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: 1\nfy: 1\ncx: 1\ncy: 1\ndistortion: [1, 2, 3]\n", "c.yaml"));
        Assert.Contains("key 'distortion'", e.Message);
        e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: 1\nfy: 1\ncx: 1\ncy: 1\nwidth: 64.5\nheight: 2\n", "c.yaml"));
        Assert.Contains("key 'width'", e.Message);
        e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: 0\nfy: 1\ncx: 1\ncy: 1\n", "c.yaml"));
        Assert.Contains("positive", e.Message);
        e = Assert.Throws<DatasetException>(() => CameraYaml.Parse("fx: [1\n", "c.yaml"));
        Assert.Contains("not valid YAML", e.Message);
        e = Assert.Throws<DatasetException>(() => CameraYaml.Read("/nonexistent/camera.yaml"));
        Assert.Contains("not found", e.Message);
    }
}
