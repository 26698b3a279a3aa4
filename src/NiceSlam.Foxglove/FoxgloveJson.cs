using System.Buffers;
using System.Text.Json;

namespace NiceSlam.Foxglove;

/// <summary>The server's JSON operations (text frames), UTF-8 encoded.</summary>
internal static class FoxgloveJson
{
    public static byte[] ServerInfo(string name, IEnumerable<string> capabilities, string runId) => Write(w =>
    {
        w.WriteString("op", "serverInfo");
        w.WriteString("name", name);
        w.WriteStartArray("capabilities");
        foreach (var c in capabilities) w.WriteStringValue(c);
        w.WriteEndArray();
        w.WriteStartArray("supportedEncodings");
        w.WriteStringValue(FoxgloveProtocol.Encoding);
        w.WriteEndArray();
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteString("sessionId", runId);
    });

    public static byte[] Advertise(IEnumerable<FoxgloveChannel> channels) => Write(w =>
    {
        w.WriteString("op", "advertise");
        w.WriteStartArray("channels");
        foreach (var c in channels)
        {
            w.WriteStartObject();
            w.WriteNumber("id", c.Id);
            w.WriteString("topic", c.Topic);
            w.WriteString("encoding", FoxgloveProtocol.Encoding);
            w.WriteString("schemaName", c.SchemaName);
            w.WriteString("schema", c.Schema);
            w.WriteString("schemaEncoding", FoxgloveProtocol.SchemaEncoding);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] AdvertiseServices(IEnumerable<FoxgloveService> services) => Write(w =>
    {
        w.WriteString("op", "advertiseServices");
        w.WriteStartArray("services");
        foreach (var s in services)
        {
            w.WriteStartObject();
            w.WriteNumber("id", s.Id);
            w.WriteString("name", s.Name);
            w.WriteString("type", s.Type);
            WriteDefinition(w, "request", s.Type + "_Request", s.RequestSchema);
            WriteDefinition(w, "response", s.Type + "_Response", s.ResponseSchema);
            // The fields older clients read.
            w.WriteString("requestSchema", s.RequestSchema);
            w.WriteString("responseSchema", s.ResponseSchema);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static byte[] UnadvertiseServices(uint id) => Write(w =>
    {
        w.WriteString("op", "unadvertiseServices");
        w.WriteStartArray("serviceIds");
        w.WriteNumberValue(id);
        w.WriteEndArray();
    });

    public static byte[] Status(int level, string message) => Write(w =>
    {
        w.WriteString("op", "status");
        w.WriteNumber("level", level);
        w.WriteString("message", message);
    });

    public static byte[] ServiceCallFailure(uint serviceId, uint callId, string message) => Write(w =>
    {
        w.WriteString("op", "serviceCallFailure");
        w.WriteNumber("serviceId", serviceId);
        w.WriteNumber("callId", callId);
        w.WriteString("message", message);
    });

    private static void WriteDefinition(Utf8JsonWriter w, string name, string schemaName, string schema)
    {
        w.WriteStartObject(name);
        w.WriteString("encoding", FoxgloveProtocol.Encoding);
        w.WriteString("schemaName", schemaName);
        w.WriteString("schemaEncoding", FoxgloveProtocol.SchemaEncoding);
        w.WriteString("schema", schema);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
