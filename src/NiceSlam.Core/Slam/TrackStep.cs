namespace NiceSlam.Core.Slam;

/// <summary>
/// What <see cref="SlamSystem.Track"/> did with one frame: its report (pose, tracking result, or the reason it was
/// rejected) and, when the frame is to be mapped now, the request for the mapping side (null otherwise). The
/// caller owns the request: it hands it to <see cref="SlamSystem.Map"/> or disposes it.
/// </summary>
public sealed record TrackStep(FrameReport Report, MappingRequest? Mapping);
