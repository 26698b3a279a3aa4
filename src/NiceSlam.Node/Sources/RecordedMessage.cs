using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Sources;

/// <summary>One message of a recorded source, to be published on <see cref="Topic"/> at <see cref="Stamp"/>
/// (the recording's clock).</summary>
public sealed record RecordedMessage(string Topic, Time Stamp, object Message);
