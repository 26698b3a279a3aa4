namespace NiceSlam.Core.Slam;

/// <summary>
/// A resource several holders share, freed when the last lets go: created with one reference (the creator's);
/// <see cref="TryRetain"/> adds one unless it is already freed; <see cref="Release"/> drops one.
/// </summary>
internal sealed class SharedResource<T>(T value, Action<T> free)
{
    private int references = 1;

    public T Value { get; } = value;

    /// <summary>Adds a reference; false when the resource was already freed.</summary>
    public bool TryRetain()
    {
        while (true)
        {
            int count = Volatile.Read(ref references);
            if (count == 0) return false;
            if (Interlocked.CompareExchange(ref references, count + 1, count) == count) return true;
        }
    }

    public void Release()
    {
        int left = Interlocked.Decrement(ref references);
        if (left == 0) free(Value);
        else if (left < 0) throw new InvalidOperationException("released more often than retained");
    }

    /// <summary>A handle that releases one reference when disposed (once).</summary>
    public IDisposable Handle() => new ReleaseOnce(this);

    private sealed class ReleaseOnce(SharedResource<T> owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) owner.Release();
        }
    }
}
