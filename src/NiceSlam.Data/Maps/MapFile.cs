using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using NiceSlam.Core.Slam;
using NiceSlam.Shared;

namespace NiceSlam.Data.Maps;

/// <summary>
/// The saved SLAM map (<see cref="SlamState"/>) on disk. Layout, little-endian:
/// <code>
/// offset  0: 8 bytes  magic "NSLAMMAP"
/// offset  8: uint32   format version (1)
/// offset 12: uint64   payload length in bytes
/// offset 20: 32 bytes SHA-256 of the payload
/// offset 52: payload  MessagePack of the map document (see MapDocument)
/// </code>
/// Saving writes "path.tmp", flushes it to disk and renames it over the path, so a reader sees the old file or
/// the new one, never half of one. Loading checks magic, version, length and checksum before decoding, and
/// either returns a complete state or throws <see cref="MapFileException"/>.
/// </summary>
public static class MapFile
{
    public const int FormatVersion = 1;
    public static ReadOnlySpan<byte> Magic => "NSLAMMAP"u8;
    private const int HeaderLength = 8 + 4 + 8 + 32;

    /// <summary>Attribute-based formatters only (no contractless or typeless resolution); the private resolver lets
    /// the document types stay internal. Untrusted-data limits apply when reading.</summary>
    private static readonly MessagePackSerializerOptions Serializer = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolverAllowPrivate.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes <paramref name="state"/> to <paramref name="path"/> (atomic replace; folders are created).</summary>
    public static void Save(SlamState state, string path)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] payload = MessagePackSerializer.Serialize(MapDocument.FromState(state), Serializer);
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(12), (ulong)payload.LongLength);
        SHA256.HashData(payload, header.AsSpan(20, 32));

        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(payload);
        });
    }

    /// <summary>Reads a map saved by <see cref="Save"/>.</summary>
    /// <exception cref="MapFileException">The file is missing, not a map file, of another format version,
    /// truncated or corrupt, or its content is inconsistent.</exception>
    public static SlamState Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new MapFileException(path, "map file not found");
        byte[] payload;
        byte[] checksum = new byte[32];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var header = new byte[HeaderLength];
            int magicRead = stream.ReadAtLeast(header.AsSpan(0, Magic.Length), Magic.Length, throwOnEndOfStream: false);
            if (magicRead < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new MapFileException(path, $"not a NiceSlam.NET map file (it does not start with \"{Encoding.ASCII.GetString(Magic)}\")");
            int rest = stream.ReadAtLeast(header.AsSpan(Magic.Length), HeaderLength - Magic.Length, throwOnEndOfStream: false);
            if (rest >= 4)
            {
                uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
                if (version != FormatVersion) throw new MapFileException(path, $"format version {version}, this build reads {FormatVersion}");
            }
            if (rest < HeaderLength - Magic.Length) throw new MapFileException(path, $"truncated or corrupt: the {HeaderLength}-byte header is cut short");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(12));
            header.AsSpan(20, 32).CopyTo(checksum);
            long available = stream.Length - HeaderLength;
            if (length != (ulong)available)
                throw new MapFileException(path, $"truncated or corrupt: the header announces {length} payload bytes, the file holds {available}");
            if (available > Array.MaxLength) throw new MapFileException(path, $"payload of {available} bytes is too large to read");
            payload = new byte[available];
            stream.ReadExactly(payload);
        }
        catch (MapFileException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MapFileException(path, $"cannot read: {e.Message}", e);
        }
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(checksum))
            throw new MapFileException(path, "truncated or corrupt: checksum mismatch");
        try
        {
            var document = MessagePackSerializer.Deserialize<MapDocument?>(payload, Serializer)
                ?? throw new InvalidDataException("the payload is nil, not a map document");
            return document.ToState();
        }
        catch (MessagePackSerializationException e)
        {
            throw new MapFileException(path, $"corrupt: cannot decode the map: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException)
        {
            throw new MapFileException(path, $"inconsistent map: {e.Message}", e);
        }
    }
}
