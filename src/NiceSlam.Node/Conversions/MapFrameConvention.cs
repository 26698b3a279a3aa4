using NiceSlam.Core.Geometry;

namespace NiceSlam.Node.Conversions;

/// <summary>
/// How the engine's world relates to the node's <c>map</c> frame. The engine's world is the first camera's optical
/// frame (x right, y down, z forward); ROS wants a z-up map (REP 103), so the node's map is the first camera's body
/// frame: x forward, y left, z up. Both share the origin (the first camera centre).
/// </summary>
public static class MapFrameConvention
{
    /// <summary>
    /// map ← world: the fixed rotation optical → body. body x = optical z, body y = -optical x, body z = -optical y,
    /// so the rows of R are (0, 0, 1), (-1, 0, 0), (0, -1, 0); no translation.
    /// </summary>
    public static RigidTransform MapFromWorld { get; } = new([0, 0, 1, -1, 0, 0, 0, -1, 0], 0, 0, 0);

    /// <summary>world ← map: the inverse (transpose) of <see cref="MapFromWorld"/>.</summary>
    public static RigidTransform WorldFromMap { get; } = MapFromWorld.Inverse();

    /// <summary>The pose of the camera's optical frame in map (map ← optical), i.e. what tf
    /// map → camera_color_optical_frame carries: <see cref="MapFromWorld"/> * <paramref name="cameraToWorld"/>.</summary>
    public static RigidTransform CameraInMap(RigidTransform cameraToWorld) => MapFromWorld * cameraToWorld;

    /// <summary>The engine's world in the map frame: identity when the map was anchored to ground truth (the
    /// recording's world is the map), else <see cref="MapFromWorld"/> (the first camera's body frame).</summary>
    public static RigidTransform MapFromWorldOf(bool anchoredToGroundTruth) => anchoredToGroundTruth ? RigidTransform.Identity : MapFromWorld;
}
