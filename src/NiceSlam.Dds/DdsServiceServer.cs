using NiceSlam.Dds.Interop;
using NiceSlam.Dds.Ros;
using NiceSlam.Messages.Cdr;
using NiceSlam.Messages.NiceSlamMsgs;

namespace NiceSlam.Dds;

/// <summary>
/// A ROS 2 service on DDS, framed as rmw_cyclonedds frames it: requests are read from "rq/&lt;name&gt;Request" (type
/// "pkg::srv::dds_::Srv_Request_"), answers written to "rr/&lt;name&gt;Reply" ("..._Response_") with the request's
/// 16-byte header in front of the payload; both endpoints carry "serviceid=…;" in USER_DATA. Before answering, the
/// server waits (up to <see cref="DdsBusOptions.ReplyMatchTimeoutMs"/>) until it has matched the requesting client's
/// reply reader, as rmw_send_response does; an answer to a client that is gone is dropped. A handler that throws is
/// answered with success false and the exception's message.
/// </summary>
internal sealed class DdsServiceServer<TRequest, TResponse> : IDisposable where TRequest : class where TResponse : class
{
    private readonly DdsMessageBus bus;
    private readonly string name;
    private readonly Func<TRequest, TResponse> handler;
    private readonly Action<string, Exception> onError;
    private readonly DdsReader requests;
    private readonly DdsWriter replies;

    public DdsServiceServer(DdsMessageBus bus, string name, ClientServiceId id, Func<TRequest, TResponse> handler, Action<string, Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var (serviceType, responseType) = CdrServiceSerializer.ServiceOf(typeof(TRequest));
        if (responseType != typeof(TResponse))
            throw new NotSupportedException($"{serviceType} answers {responseType.Name}, not {typeof(TResponse).Name}");
        this.bus = bus;
        this.name = name;
        this.handler = handler;
        this.onError = onError;
        var qos = DdsQos.Services(id.ServiceUserData());
        replies = bus.Participant.CreateWriter(RosNames.ReplyTopic(name), RosNames.DdsType(serviceType + "_Response"), qos);
        try
        {
            requests = bus.Participant.CreateReader(RosNames.RequestTopic(name), RosNames.DdsType(serviceType + "_Request"), qos);
        }
        catch
        {
            replies.Dispose();
            throw;
        }
        Id = id;
        bus.Discovery.AddReader(requests.Guid);
        bus.Discovery.AddWriter(replies.Guid);
        requests.Start(OnRequest, e => onError($"service {name}", e));
    }

    public ClientServiceId Id { get; }

    /// <summary>Requests answered so far.</summary>
    public long Answered => Interlocked.Read(ref answered);
    private long answered;

    private void OnRequest(ReadOnlySpan<byte> framed, DdsSampleInfo info)
    {
        RequestHeader header;
        TRequest request;
        try
        {
            (header, byte[] message) = RequestHeader.Unframe(framed);
            request = CdrServiceSerializer.Deserialize<TRequest>(message);
        }
        catch (CdrException e)
        {
            onError($"a request to {name} is not a valid {typeof(TRequest).Name}", e);
            return;
        }
        TResponse response;
        try
        {
            response = handler(request);
        }
        catch (Exception e)
        {
            onError($"service {name} failed", e);
            response = Failure(e);
        }
        var end = DateTime.UtcNow.AddMilliseconds(bus.Options.ReplyMatchTimeoutMs);
        int state;
        while ((state = CycloneShim.ClientReplyReaderState(requests.Handle, replies.Handle, info.PublicationHandle)) == 0 && DateTime.UtcNow < end)
            Thread.Sleep(5);
        if (state < 0) return; // the client is gone
        if (state == 0)
        {
            onError($"service {name}", new TimeoutException($"the client's reply reader was not matched within {bus.Options.ReplyMatchTimeoutMs} ms; its answer is dropped"));
            return;
        }
        replies.Write(header.Frame(CdrServiceSerializer.Serialize(response)));
        Interlocked.Increment(ref answered);
    }

    private static TResponse Failure(Exception e) => (TResponse)(object)(typeof(TResponse) == typeof(ExportMeshResponse)
        ? new ExportMeshResponse(false, e.Message, 0, 0)
        : new MapServiceResponse(false, e.Message));

    public void Dispose()
    {
        bus.Discovery.RemoveReader(requests.Guid);
        bus.Discovery.RemoveWriter(replies.Guid);
        requests.Dispose();
        replies.Dispose();
    }
}
