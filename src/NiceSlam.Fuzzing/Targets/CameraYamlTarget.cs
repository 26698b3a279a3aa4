using NiceSlam.Data.Datasets;

namespace NiceSlam.Fuzzing.Targets;

/// <summary>
/// Camera YAML files (<see cref="CameraYaml"/>) in their three forms: ORB-SLAM2 ("%YAML:1.0", Camera.fx ...,
/// DepthMapFactor), ORB-SLAM3 (Camera1.fx ..., Camera.width) and the simple form (width, fx ..., distortion list,
/// depth_scale, fps), mutated as text; read, then turned into intrinsics for 64x48 images as the dataset readers
/// do. Clean: <see cref="DatasetException"/> naming the file.
/// </summary>
public sealed class CameraYamlTarget : FuzzTarget
{
    private static readonly FuzzSeed[] Texts =
    [
        Text("orb-slam2", """
            %YAML:1.0
            # Camera calibration and distortion parameters (OpenCV)
            Camera.fx: 45.0
            Camera.fy: 45.5
            Camera.cx: 32.1
            Camera.cy: 23.9
            Camera.k1: 0.26
            Camera.k2: -0.95
            Camera.p1: -0.005
            Camera.p2: 0.002
            Camera.k3: 1.16
            Camera.fps: 30.0
            Camera.RGB: 1
            DepthMapFactor: 5000.0
            ThDepth: 40.0
            """),
        Text("orb-slam3", """
            %YAML:1.0
            File.version: "1.0"
            Camera.type: "PinHole"
            Camera1.fx: 45.0
            Camera1.fy: 45.0
            Camera1.cx: 32.0
            Camera1.cy: 24.0
            Camera1.k1: 0.0
            Camera1.k2: 0.0
            Camera1.p1: 0.0
            Camera1.p2: 0.0
            Camera.width: 64
            Camera.height: 48
            Camera.fps: 15
            Camera.RGB: 1
            Stereo.ThDepth: 40.0
            RGBD.DepthMapFactor: 1000.0
            """),
        Text("simple", """
            # RealSense D435, colour 64x48
            width: 64
            height: 48
            fx: 45.2
            fy: 45.3
            cx: 31.7
            cy: 24.2
            distortion: [0.01, -0.02, 0.0, 0.0, 0.003]
            depth_scale: 1000
            fps: 30
            """),
    ];

    public override string Name => "camera-yaml";

    public override string Description => "camera YAML (ORB-SLAM2, ORB-SLAM3 and simple forms), read and turned into intrinsics";

    public override string CleanRejection => nameof(DatasetException);

    public override IReadOnlyList<FuzzSeed> Seeds => Texts;

    private string InputPath => Path.Combine(WorkFolder, "camera.yaml");

    public override void Run(FuzzCase input)
    {
        File.WriteAllBytes(InputPath, input.Data);
        var camera = CameraYaml.Read(InputPath);
        _ = camera.HasSize ? camera.ToIntrinsics() : camera.ToIntrinsics(64, 48);
    }

    public override bool IsCleanRejection(Exception error, FuzzCase input) =>
        error is DatasetException d && d.Path == InputPath && d.Problem.Length > 0;

    private static FuzzSeed Text(string variant, string text) => new(variant, System.Text.Encoding.UTF8.GetBytes(text + "\n"), SeedFormat.Text);
}
