namespace NiceSlam.Foxglove;

/// <summary>One advertised service: ROS name and type, request and response schemas (ros2msg) and the call, which
/// takes the request's CDR and returns the response's.</summary>
public sealed record FoxgloveService(uint Id, string Name, string Type, string RequestSchema, string ResponseSchema,
    Func<ReadOnlyMemory<byte>, byte[]> Call);
