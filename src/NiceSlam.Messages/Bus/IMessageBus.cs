using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Messages.Bus;

/// <summary>A publisher on one topic.</summary>
public interface IPublisher<in T> where T : class
{
    string Topic { get; }
    void Publish(T message);
}

/// <summary>
/// The node's view of ROS: topics, services and the clock. Two implementations: the rcldotnet edge
/// (src/NiceSlam.Ros, built in a ROS 2 workspace) and <see cref="LoopbackBus"/> (in-process, for tests, the
/// demo and bag replay). Message types are the ones in this assembly; the topic's ROS type follows from the
/// C# type. Handlers may be called on any thread and should return quickly.
/// </summary>
public interface IMessageBus : IDisposable
{
    IPublisher<T> CreatePublisher<T>(string topic, QosProfile qos) where T : class;

    /// <summary>Subscribes until the returned handle is disposed.</summary>
    IDisposable Subscribe<T>(string topic, QosProfile qos, Action<T> handler) where T : class;

    /// <summary>Serves requests of <typeparamref name="TRequest"/> until the returned handle is disposed.</summary>
    IDisposable AdvertiseService<TRequest, TResponse>(string name, Func<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class;

    /// <summary>The node's clock: wall time, or the /clock topic's time under use_sim_time.</summary>
    Time Now();
}
