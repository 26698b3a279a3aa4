namespace NiceSlam.Core.Mapping;

/// <summary>
/// Which mapped frames are kept as keyframes: the first frame of a map, the last frame of the input (the reference
/// maps it and keeps it), and any mapped frame at least <c>every</c> frames after the previous keyframe. Decided when
/// a frame is mapped, not when it is tracked, because loose scheduling may supersede a mapping request.
/// Owned by the mapping side.
/// </summary>
internal sealed class KeyframePolicy(int every)
{
    private int lastKeyframe = int.MinValue;

    /// <summary>Whether the mapped frame <paramref name="frameIndex"/> becomes a keyframe (and if so, records it).</summary>
    public bool Take(int frameIndex, bool first, bool final)
    {
        if (!(first || final || frameIndex - lastKeyframe >= every)) return false;
        lastKeyframe = frameIndex;
        return true;
    }

    /// <summary>Goes on after the keyframe <paramref name="frameIndex"/> (an imported map's last; null: none).</summary>
    public void Restore(int? frameIndex) => lastKeyframe = frameIndex ?? int.MinValue;
}
