using System.Collections.Concurrent;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Cdr;

namespace NiceSlam.Dds;

/// <summary>
/// A ROS 2 service client on DDS, framed as rmw_cyclonedds' (rmw_send_request): the request goes to
/// "rq/&lt;name&gt;Request" with a header of the request writer's instance handle and a sequence number; the reply
/// comes on "rr/&lt;name&gt;Reply" with the same header; both endpoints carry "clientid=…;". Calls may overlap.
/// </summary>
public sealed class DdsServiceClient<TRequest, TResponse> : IDisposable where TRequest : class where TResponse : class
{
    private readonly DdsMessageBus bus;
    private readonly DdsWriter requests;
    private readonly DdsReader replies;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<TResponse>> pending = new();
    private long sequence;

    internal DdsServiceClient(DdsMessageBus bus, string name, ClientServiceId id)
    {
        var (serviceType, responseType) = CdrServiceSerializer.ServiceOf(typeof(TRequest));
        if (responseType != typeof(TResponse))
            throw new NotSupportedException($"{serviceType} answers {responseType.Name}, not {typeof(TResponse).Name}");
        this.bus = bus;
        Name = name;
        var qos = DdsQos.Services(id.ClientUserData());
        requests = bus.Participant.CreateWriter(RosNames.RequestTopic(name), RosNames.DdsType(serviceType + "_Request"), qos);
        try
        {
            replies = bus.Participant.CreateReader(RosNames.ReplyTopic(name), RosNames.DdsType(serviceType + "_Response"), qos);
        }
        catch
        {
            requests.Dispose();
            throw;
        }
        bus.Discovery.AddWriter(requests.Guid);
        bus.Discovery.AddReader(replies.Guid);
        replies.Start(OnReply, e => bus.ErrorSink($"client of {name}", e));
    }

    public string Name { get; }

    /// <summary>Whether a service is matched both ways (rmw_service_server_is_available's test).</summary>
    public bool IsServiceAvailable => requests.MatchedReaders > 0 && replies.MatchedWriters > 0;

    /// <summary>Waits until <see cref="IsServiceAvailable"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForServiceAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var end = DateTime.UtcNow + timeout;
        while (!IsServiceAvailable)
        {
            if (DateTime.UtcNow > end) return false;
            await Task.Delay(10, cancel).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Sends a request and waits for its answer.</summary>
    /// <exception cref="TimeoutException">No service, or no answer within <paramref name="timeout"/>.</exception>
    public async Task<TResponse> CallAsync(TRequest request, TimeSpan timeout, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = DateTime.UtcNow;
        if (!await WaitForServiceAsync(timeout, cancel).ConfigureAwait(false))
            throw new TimeoutException($"service {Name} is not available (no matched server within {timeout.TotalSeconds:0.#} s)");
        long seq = Interlocked.Increment(ref sequence);
        var answer = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[seq] = answer;
        try
        {
            requests.Write(new RequestHeader(requests.InstanceHandle, seq).Frame(CdrServiceSerializer.Serialize(request)));
            var left = timeout - (DateTime.UtcNow - start);
            return await answer.Task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"service {Name} did not answer request {seq} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            pending.TryRemove(seq, out _);
        }
    }

    private void OnReply(ReadOnlySpan<byte> framed, DdsSampleInfo info)
    {
        var (header, message) = RequestHeader.Unframe(framed);
        if (header.Guid != requests.InstanceHandle) return; // another client's answer
        if (pending.TryGetValue(header.Sequence, out var answer))
            answer.TrySetResult(CdrServiceSerializer.Deserialize<TResponse>(message));
    }

    public void Dispose()
    {
        bus.Discovery.RemoveWriter(requests.Guid);
        bus.Discovery.RemoveReader(replies.Guid);
        replies.Dispose();
        requests.Dispose();
        foreach (var p in pending.Values) p.TrySetCanceled();
    }
}
