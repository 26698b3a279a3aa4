using NiceSlam.Messages.NiceSlamMsgs;
using ROS2;

namespace NiceSlam.Ros;

/// <summary>
/// The four nice_slam_msgs services (msg/srv): for each request record, the rcldotnet service definition and its
/// request/response classes (<c>nice_slam_msgs.srv.SaveMap</c>, <c>SaveMap_Request</c>, <c>SaveMap_Response</c>, ...),
/// the conversions, and the response a failing handler is answered with.
/// </summary>
internal static class RosServiceTypes
{
    private static readonly Dictionary<Type, IRosServiceType> Types = new IRosServiceType[]
    {
        new RosServiceType<global::nice_slam_msgs.srv.SaveMap, global::nice_slam_msgs.srv.SaveMap_Request,
            global::nice_slam_msgs.srv.SaveMap_Response, SaveMapRequest, MapServiceResponse>(
            RosMessageConversions.FromRos, RosMessageConversions.Fill, e => new MapServiceResponse(false, e.Message)),
        new RosServiceType<global::nice_slam_msgs.srv.LoadMap, global::nice_slam_msgs.srv.LoadMap_Request,
            global::nice_slam_msgs.srv.LoadMap_Response, LoadMapRequest, MapServiceResponse>(
            RosMessageConversions.FromRos, RosMessageConversions.Fill, e => new MapServiceResponse(false, e.Message)),
        new RosServiceType<global::nice_slam_msgs.srv.ResetMap, global::nice_slam_msgs.srv.ResetMap_Request,
            global::nice_slam_msgs.srv.ResetMap_Response, ResetMapRequest, MapServiceResponse>(
            RosMessageConversions.FromRos, RosMessageConversions.Fill, e => new MapServiceResponse(false, e.Message)),
        new RosServiceType<global::nice_slam_msgs.srv.ExportMesh, global::nice_slam_msgs.srv.ExportMesh_Request,
            global::nice_slam_msgs.srv.ExportMesh_Response, ExportMeshRequest, ExportMeshResponse>(
            RosMessageConversions.FromRos, RosMessageConversions.Fill, e => new ExportMeshResponse(false, e.Message, 0, 0)),
    }.ToDictionary(t => t.RequestType);

    public static RosServiceType<TRequest, TResponse> Get<TRequest, TResponse>() where TRequest : class where TResponse : class
    {
        if (!Types.TryGetValue(typeof(TRequest), out var t))
            throw new NotSupportedException(
                $"no ROS service is mapped for the request {typeof(TRequest).FullName}; mapped: {string.Join(", ", Types.Keys.Select(k => k.Name))}");
        return t as RosServiceType<TRequest, TResponse> ?? throw new NotSupportedException(
            $"the service for {typeof(TRequest).Name} answers {t.ResponseType.Name}, not {typeof(TResponse).Name}");
    }
}

internal interface IRosServiceType
{
    Type RequestType { get; }
    Type ResponseType { get; }
}

/// <summary>Creates an rcldotnet service that serves <typeparamref name="TRequest"/> with a record handler.</summary>
internal abstract class RosServiceType<TRequest, TResponse> : IRosServiceType where TRequest : class where TResponse : class
{
    public Type RequestType => typeof(TRequest);
    public Type ResponseType => typeof(TResponse);

    /// <param name="handler">The node's handler; an exception it throws becomes a response with success false and
    /// the exception's message (the spin thread must survive it).</param>
    public abstract Service CreateService(ROS2.Node node, string name, Func<TRequest, TResponse> handler, Action<string, Exception> onError);
}

internal sealed class RosServiceType<TSrv, TRosRequest, TRosResponse, TRequest, TResponse>(
    Func<TRosRequest, TRequest> fromRos,
    Action<TRosResponse, TResponse> fill,
    Func<Exception, TResponse> failure) : RosServiceType<TRequest, TResponse>
    where TSrv : IRosServiceDefinition<TRosRequest, TRosResponse>
    where TRosRequest : IRosMessage, new()
    where TRosResponse : IRosMessage, new()
    where TRequest : class
    where TResponse : class
{
    public override Service CreateService(ROS2.Node node, string name, Func<TRequest, TResponse> handler, Action<string, Exception> onError) =>
        node.CreateService<TSrv, TRosRequest, TRosResponse>(name, (request, response) =>
        {
            TResponse answer;
            try
            {
                answer = handler(fromRos(request));
            }
            catch (Exception e)
            {
                onError($"service {name} failed", e);
                answer = failure(e);
            }
            fill(response, answer);
        });
}
