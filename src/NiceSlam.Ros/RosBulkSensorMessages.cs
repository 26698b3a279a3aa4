using System.Runtime.InteropServices;
using ROS2;

namespace NiceSlam.Ros;

// The sensor messages with a large uint8[] field, moved to and from the native (rosidl C) message in one block copy.
//
// rosidl_generator_dotnet's classes copy a sequence one element per native call, two calls per element each way
// (__WriteToHandle: get element pointer + write; __ReadFromHandle: get element pointer + read, into a List<byte>):
// 27-30 ms for one 640x480 rgb8 image each way. These subclasses re-implement IRosMessage's __WriteToHandle and
// __ReadFromHandle (rcldotnet calls them through the interface) and move the bytes with one Marshal.Copy between a
// byte[] and the sequence's buffer, found through the generated C functions that the generated class uses itself
// (<msg>__init_sequence_field_data_message, __get_field_data_message, __getsize_field_data_message in
// lib<pkg>__dotnetext_native.so). The other fields are written by the generated code (with Data left empty) and read
// through the same library's accessors. rcldotnet finds the type support and message handle through the declared
// static __GetTypeSupport / __CreateMessageHandle, which these classes forward to the generated class.
//
// The bytes live in Bytes; the generated List<byte> Data stays empty.

/// <summary>sensor_msgs/Image with <c>data</c> as a byte[] moved in one block copy.</summary>
public sealed class RosBulkImage : global::sensor_msgs.msg.Image, IRosMessage
{
    /// <summary>The image bytes (<c>data</c>); never null.</summary>
    public byte[] Bytes { get; set; } = [];

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new IntPtr __GetTypeSupport() => global::sensor_msgs.msg.Image.__GetTypeSupport();

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new SafeHandle __CreateMessageHandle() => global::sensor_msgs.msg.Image.__CreateMessageHandle();

    public new void __WriteToHandle(IntPtr messageHandle)
    {
        Data.Clear();
        base.__WriteToHandle(messageHandle);
        RosByteSequences.Write(messageHandle, Bytes, Native.InitData, Native.DataElement, "sensor_msgs/Image.data");
    }

    public new void __ReadFromHandle(IntPtr messageHandle)
    {
        Header.__ReadFromHandle(Native.HeaderHandle(messageHandle));
        Height = Native.ReadHeight(messageHandle);
        Width = Native.ReadWidth(messageHandle);
        Encoding = Marshal.PtrToStringAnsi(Native.ReadEncoding(messageHandle)) ?? "";
        IsBigendian = Native.ReadIsBigendian(messageHandle);
        Step = Native.ReadStep(messageHandle);
        Bytes = RosByteSequences.Read(messageHandle, Native.DataSize, Native.DataElement);
        Data.Clear();
    }

    private static class Native
    {
        private const string Library = "sensor_msgs__dotnetext_native";
        private const string Prefix = "sensor_msgs__msg__Image__";

        [DllImport(Library, EntryPoint = Prefix + "get_field_header_HANDLE")] public static extern IntPtr HeaderHandle(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_height")] public static extern uint ReadHeight(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_width")] public static extern uint ReadWidth(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_encoding")] public static extern IntPtr ReadEncoding(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_is_bigendian")] public static extern byte ReadIsBigendian(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_step")] public static extern uint ReadStep(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "getsize_field_data_message")] public static extern int DataSize(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "get_field_data_message")] public static extern IntPtr DataElement(IntPtr message, int index);
        [DllImport(Library, EntryPoint = Prefix + "init_sequence_field_data_message")]
        [return: MarshalAs(UnmanagedType.U1)] public static extern bool InitData(IntPtr message, int size);
    }
}

/// <summary>sensor_msgs/CompressedImage with <c>data</c> as a byte[] moved in one block copy.</summary>
public sealed class RosBulkCompressedImage : global::sensor_msgs.msg.CompressedImage, IRosMessage
{
    /// <summary>The compressed bytes (<c>data</c>); never null.</summary>
    public byte[] Bytes { get; set; } = [];

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new IntPtr __GetTypeSupport() => global::sensor_msgs.msg.CompressedImage.__GetTypeSupport();

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new SafeHandle __CreateMessageHandle() => global::sensor_msgs.msg.CompressedImage.__CreateMessageHandle();

    public new void __WriteToHandle(IntPtr messageHandle)
    {
        Data.Clear();
        base.__WriteToHandle(messageHandle);
        RosByteSequences.Write(messageHandle, Bytes, Native.InitData, Native.DataElement, "sensor_msgs/CompressedImage.data");
    }

    public new void __ReadFromHandle(IntPtr messageHandle)
    {
        Header.__ReadFromHandle(Native.HeaderHandle(messageHandle));
        Format = Marshal.PtrToStringAnsi(Native.ReadFormat(messageHandle)) ?? "";
        Bytes = RosByteSequences.Read(messageHandle, Native.DataSize, Native.DataElement);
        Data.Clear();
    }

    private static class Native
    {
        private const string Library = "sensor_msgs__dotnetext_native";
        private const string Prefix = "sensor_msgs__msg__CompressedImage__";

        [DllImport(Library, EntryPoint = Prefix + "get_field_header_HANDLE")] public static extern IntPtr HeaderHandle(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_format")] public static extern IntPtr ReadFormat(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "getsize_field_data_message")] public static extern int DataSize(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "get_field_data_message")] public static extern IntPtr DataElement(IntPtr message, int index);
        [DllImport(Library, EntryPoint = Prefix + "init_sequence_field_data_message")]
        [return: MarshalAs(UnmanagedType.U1)] public static extern bool InitData(IntPtr message, int size);
    }
}

/// <summary>sensor_msgs/PointCloud2 with <c>data</c> as a byte[] moved in one block copy.</summary>
public sealed class RosBulkPointCloud2 : global::sensor_msgs.msg.PointCloud2, IRosMessage
{
    /// <summary>The point bytes (<c>data</c>); never null.</summary>
    public byte[] Bytes { get; set; } = [];

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new IntPtr __GetTypeSupport() => global::sensor_msgs.msg.PointCloud2.__GetTypeSupport();

    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static new SafeHandle __CreateMessageHandle() => global::sensor_msgs.msg.PointCloud2.__CreateMessageHandle();

    public new void __WriteToHandle(IntPtr messageHandle)
    {
        Data.Clear();
        base.__WriteToHandle(messageHandle);
        RosByteSequences.Write(messageHandle, Bytes, Native.InitData, Native.DataElement, "sensor_msgs/PointCloud2.data");
    }

    public new void __ReadFromHandle(IntPtr messageHandle)
    {
        Header.__ReadFromHandle(Native.HeaderHandle(messageHandle));
        Height = Native.ReadHeight(messageHandle);
        Width = Native.ReadWidth(messageHandle);
        int fieldCount = Native.FieldsSize(messageHandle);
        Fields = new List<global::sensor_msgs.msg.PointField>(fieldCount);
        for (int i = 0; i < fieldCount; i++)
        {
            var field = new global::sensor_msgs.msg.PointField();
            field.__ReadFromHandle(Native.FieldsElement(messageHandle, i));
            Fields.Add(field);
        }
        IsBigendian = Native.ReadIsBigendian(messageHandle);
        PointStep = Native.ReadPointStep(messageHandle);
        RowStep = Native.ReadRowStep(messageHandle);
        Bytes = RosByteSequences.Read(messageHandle, Native.DataSize, Native.DataElement);
        Data.Clear();
        IsDense = Native.ReadIsDense(messageHandle);
    }

    private static class Native
    {
        private const string Library = "sensor_msgs__dotnetext_native";
        private const string Prefix = "sensor_msgs__msg__PointCloud2__";

        [DllImport(Library, EntryPoint = Prefix + "get_field_header_HANDLE")] public static extern IntPtr HeaderHandle(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_height")] public static extern uint ReadHeight(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_width")] public static extern uint ReadWidth(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "getsize_field_fields_message")] public static extern int FieldsSize(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "get_field_fields_message")] public static extern IntPtr FieldsElement(IntPtr message, int index);
        [DllImport(Library, EntryPoint = Prefix + "read_field_is_bigendian")]
        [return: MarshalAs(UnmanagedType.U1)] public static extern bool ReadIsBigendian(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_point_step")] public static extern uint ReadPointStep(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_row_step")] public static extern uint ReadRowStep(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "read_field_is_dense")]
        [return: MarshalAs(UnmanagedType.U1)] public static extern bool ReadIsDense(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "getsize_field_data_message")] public static extern int DataSize(IntPtr message);
        [DllImport(Library, EntryPoint = Prefix + "get_field_data_message")] public static extern IntPtr DataElement(IntPtr message, int index);
        [DllImport(Library, EntryPoint = Prefix + "init_sequence_field_data_message")]
        [return: MarshalAs(UnmanagedType.U1)] public static extern bool InitData(IntPtr message, int size);
    }
}

/// <summary>One block copy between a byte[] and a rosidl uint8 sequence of a native message, through the generated
/// C accessors of that field.</summary>
internal static class RosByteSequences
{
    /// <summary>Sizes the sequence to <paramref name="bytes"/> (freeing what it held) and copies them in.</summary>
    public static void Write(IntPtr message, byte[] bytes, Func<IntPtr, int, bool> init, Func<IntPtr, int, IntPtr> element, string field)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!init(message, bytes.Length))
            throw new OutOfMemoryException($"allocating {bytes.Length} bytes for {field} in the native message failed");
        if (bytes.Length > 0) Marshal.Copy(bytes, 0, element(message, 0), bytes.Length);
    }

    /// <summary>A new array with the sequence's bytes.</summary>
    public static byte[] Read(IntPtr message, Func<IntPtr, int> size, Func<IntPtr, int, IntPtr> element)
    {
        int count = size(message);
        if (count <= 0) return [];
        byte[] bytes = GC.AllocateUninitializedArray<byte>(count);
        Marshal.Copy(element(message, 0), bytes, 0, count);
        return bytes;
    }
}
