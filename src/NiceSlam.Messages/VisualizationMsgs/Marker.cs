using NiceSlam.Messages.GeometryMsgs;
using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.VisualizationMsgs;

/// <summary>visualization_msgs/msg/Marker (the fields RViz reads for the shapes the node publishes; texture,
/// mesh-resource and UV fields of newer distributions are left empty on the wire).</summary>
public sealed record Marker
{
    public const string TypeName = "visualization_msgs/msg/Marker";

    public const int TypeArrow = 0, TypeCube = 1, TypeSphere = 2, TypeCylinder = 3, TypeLineStrip = 4, TypeLineList = 5,
        TypeCubeList = 6, TypeSphereList = 7, TypePoints = 8, TypeTextViewFacing = 9, TypeMeshResource = 10, TypeTriangleList = 11;
    public const int ActionAdd = 0, ActionModify = 0, ActionDelete = 2, ActionDeleteAll = 3;

    public Header Header { get; init; } = new();
    public string Ns { get; init; } = "";
    public int Id { get; init; }
    public int Type { get; init; }
    public int Action { get; init; }
    public Pose Pose { get; init; } = Pose.Identity;
    public Vector3 Scale { get; init; } = new(1, 1, 1);
    public ColorRGBA Color { get; init; } = new(1, 1, 1, 1);
    /// <summary>0: forever.</summary>
    public Duration Lifetime { get; init; }
    public bool FrameLocked { get; init; }
    public Point[] Points { get; init; } = [];
    /// <summary>Per-point colours (empty, or one a point).</summary>
    public ColorRGBA[] Colors { get; init; } = [];
    public string Text { get; init; } = "";
    public string MeshResource { get; init; } = "";
    public bool MeshUseEmbeddedMaterials { get; init; }
}
