namespace NiceSlam.Messages.NiceSlamMsgs;

// nice_slam_msgs services (msg/srv/*.srv): requests and responses.

/// <summary>nice_slam_msgs/srv/SaveMap request: empty path = the node's configured map path.</summary>
public sealed record SaveMapRequest(string Path = "");

/// <summary>nice_slam_msgs/srv/LoadMap request.</summary>
public sealed record LoadMapRequest(string Path);

/// <summary>nice_slam_msgs/srv/ResetMap request.</summary>
public sealed record ResetMapRequest;

/// <summary>nice_slam_msgs/srv/ExportMesh request: resolution 0 = the node's default.</summary>
public sealed record ExportMeshRequest(string Path, float Resolution = 0);

/// <summary>Response of SaveMap, LoadMap and ResetMap.</summary>
public sealed record MapServiceResponse(bool Success, string Message);

/// <summary>nice_slam_msgs/srv/ExportMesh response.</summary>
public sealed record ExportMeshResponse(bool Success, string Message, uint Vertices, uint Faces);
