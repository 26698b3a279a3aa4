using static TorchSharp.torch;

namespace NiceSlam.Core.Compute;

/// <summary>Temporarily stops gradients for a set of tensors (e.g. read-only use of trained parameters).</summary>
internal static class GradientFreeze
{
    /// <summary>Sets requires_grad = false on every tensor until the returned scope is disposed, which restores each
    /// tensor's previous flag.</summary>
    public static IDisposable Of(IEnumerable<Tensor> tensors)
    {
        var frozen = tensors.ToArray();
        var previous = frozen.Select(t => t.requires_grad).ToArray();
        foreach (var t in frozen) t.requires_grad = false;
        return new Restore(frozen, previous);
    }

    private sealed class Restore(Tensor[] tensors, bool[] previous) : IDisposable
    {
        public void Dispose()
        {
            for (int i = 0; i < tensors.Length; i++) tensors[i].requires_grad = previous[i];
        }
    }
}
