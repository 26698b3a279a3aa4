using NiceSlam.Messages.StdMsgs;

namespace NiceSlam.Node.Input;

/// <summary>
/// Groups messages of N streams into sets of one message a stream whose stamps lie close together: the
/// ApproximateTime policy of ROS message_filters, re-implemented here. Each stream keeps a queue; once every
/// queue has a message, the policy searches candidate sets (the heads of the queues), the newest head being the
/// <em>pivot</em>; a candidate is emitted once it is provably the set of smallest span (with an age penalty that
/// favours older sets) among all sets that contain the pivot, including those future messages could still form.
/// Optional inter-message lower bounds (the shortest period of each stream) let it prove this earlier instead of
/// waiting for the next message. Sets spanning more than the maximum interval are never emitted.
/// <para>
/// Every message ends up exactly once in an emitted set or in <see cref="DroppedOn"/> (superseded by a better
/// set, too far from the others, or pushed out of a full queue), except those still queued. A message whose stamp
/// is before the previous one on its stream is refused (<see cref="Add"/> returns false, <see cref="OutOfOrder"/>).
/// Thread-safe: all calls serialize on one lock and the handler runs under it, in stream order, so sets arrive
/// in time order; the handler must not call <see cref="Add"/> itself.
/// </para>
/// </summary>
/// <typeparam name="T">The message type (all streams share it; use a common base or object for mixed types).</typeparam>
public sealed class ApproximateTimeSynchronizer<T>
{
    private const int NoPivot = -1;

    private readonly object gate = new();
    private readonly Action<T[]> onSet;
    private readonly int streamCount;
    private readonly int queueSize;
    private readonly long maxIntervalNs;
    private readonly double agePenalty;
    private readonly long[] lowerBoundNs;

    // Per stream: messages not yet looked at (deques) and those moved aside while searching for the best set for the
    // current pivot (past); both oldest first. The candidate's message of a stream is the first of past, or the
    // first of the queue when past is empty.
    private readonly List<Entry>[] deques;
    private readonly List<Entry>[] past;
    private readonly bool[] hasDroppedMessages;
    private readonly bool[] hasLastStamp;
    private readonly long[] lastStampNs;
    private readonly long[] dropped;
    private readonly long[] outOfOrder;
    private readonly List<T[]> ready = [];

    private Entry[]? candidate;
    private long candidateStart, candidateEnd, pivotTime;
    private int pivot = NoPivot;
    private int nonEmptyDeques;
    private long emitted;
    private bool delivering;

    /// <param name="streamCount">Number of input streams (at least 2).</param>
    /// <param name="queueSize">Messages kept per stream while waiting for a set (at least 1; 2 or more recommended).</param>
    /// <param name="onSet">Receives each set, one message per stream in stream order.</param>
    /// <param name="maxIntervalSeconds">Largest allowed span of a set's stamps; unbounded by default.</param>
    /// <param name="interMessageLowerBoundsSeconds">Optional, per stream: no two messages of the stream are closer
    /// than this (e.g. 0.9 / frame rate). Lets sets go out without waiting for one more message. Zero = unknown.</param>
    /// <param name="agePenalty">How much older sets are favoured (message_filters' default 0.1).</param>
    public ApproximateTimeSynchronizer(
        int streamCount, int queueSize, Action<T[]> onSet, double maxIntervalSeconds = double.PositiveInfinity,
        IReadOnlyList<double>? interMessageLowerBoundsSeconds = null, double agePenalty = 0.1)
    {
        ArgumentNullException.ThrowIfNull(onSet);
        if (streamCount < 2) throw new ArgumentOutOfRangeException(nameof(streamCount), $"need at least 2 streams to synchronize, got {streamCount}");
        if (queueSize < 1) throw new ArgumentOutOfRangeException(nameof(queueSize), $"queue size must be at least 1, got {queueSize}");
        if (!(maxIntervalSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(maxIntervalSeconds), $"max interval must be >= 0 seconds, got {maxIntervalSeconds}");
        if (!(agePenalty >= 0) || !double.IsFinite(agePenalty)) throw new ArgumentOutOfRangeException(nameof(agePenalty), $"age penalty must be finite and >= 0, got {agePenalty}");
        if (interMessageLowerBoundsSeconds is not null && interMessageLowerBoundsSeconds.Count != streamCount)
            throw new ArgumentException($"expected {streamCount} inter-message lower bounds (one a stream), got {interMessageLowerBoundsSeconds.Count}", nameof(interMessageLowerBoundsSeconds));

        this.onSet = onSet;
        this.streamCount = streamCount;
        this.queueSize = queueSize;
        this.agePenalty = agePenalty;
        maxIntervalNs = double.IsPositiveInfinity(maxIntervalSeconds) || maxIntervalSeconds * 1e9 >= long.MaxValue
            ? long.MaxValue : (long)Math.Round(maxIntervalSeconds * 1e9);
        lowerBoundNs = new long[streamCount];
        for (int i = 0; i < streamCount && interMessageLowerBoundsSeconds is not null; i++)
        {
            double bound = interMessageLowerBoundsSeconds[i];
            if (!(bound >= 0) || !double.IsFinite(bound))
                throw new ArgumentOutOfRangeException(nameof(interMessageLowerBoundsSeconds), $"lower bound of stream {i} must be finite and >= 0 seconds, got {bound}");
            lowerBoundNs[i] = (long)Math.Round(bound * 1e9);
        }
        deques = new List<Entry>[streamCount];
        past = new List<Entry>[streamCount];
        for (int i = 0; i < streamCount; i++) { deques[i] = new(queueSize + 1); past[i] = new(queueSize); }
        hasDroppedMessages = new bool[streamCount];
        hasLastStamp = new bool[streamCount];
        lastStampNs = new long[streamCount];
        dropped = new long[streamCount];
        outOfOrder = new long[streamCount];
    }

    /// <summary>Number of input streams.</summary>
    public int StreamCount => streamCount;

    /// <summary>Sets handed to the handler so far.</summary>
    public long Emitted { get { lock (gate) return emitted; } }

    /// <summary>Messages of <paramref name="stream"/> discarded without being part of an emitted set.</summary>
    public long DroppedOn(int stream) { CheckStream(stream); lock (gate) return dropped[stream]; }

    /// <summary>Messages of all streams discarded without being part of an emitted set.</summary>
    public long TotalDropped { get { lock (gate) return dropped.Sum(); } }

    /// <summary>Messages refused because their stamp was before the previous one of their stream.</summary>
    public long OutOfOrder { get { lock (gate) return outOfOrder.Sum(); } }

    /// <summary>Messages of <paramref name="stream"/> refused for going back in time.</summary>
    public long OutOfOrderOn(int stream) { CheckStream(stream); lock (gate) return outOfOrder[stream]; }

    /// <summary>The stamp of the latest message accepted on <paramref name="stream"/>; null before the first.</summary>
    public Time? LastStampOn(int stream)
    {
        CheckStream(stream);
        lock (gate) return hasLastStamp[stream] ? Time.FromNanoseconds(lastStampNs[stream]) : null;
    }

    /// <summary>Messages waiting in the queues (not yet emitted or dropped).</summary>
    public int Pending { get { lock (gate) return deques.Sum(d => d.Count) + past.Sum(p => p.Count); } }

    /// <summary>
    /// Offers a message of <paramref name="stream"/>. Any sets this completes are handed to the handler before the
    /// call returns. Returns false (and counts it in <see cref="OutOfOrder"/>) when <paramref name="stamp"/> is
    /// before the previous message of the stream; equal stamps are accepted.
    /// </summary>
    public bool Add(int stream, Time stamp, T message)
    {
        CheckStream(stream);
        lock (gate)
        {
            if (delivering) throw new InvalidOperationException("the set handler must not add messages to its own synchronizer");
            long t = stamp.TotalNanoseconds;
            if (hasLastStamp[stream] && t < lastStampNs[stream])
            {
                outOfOrder[stream]++;
                return false;
            }
            hasLastStamp[stream] = true;
            lastStampNs[stream] = t;

            var deque = deques[stream];
            deque.Add(new Entry(t, message));
            if (deque.Count == 1 && ++nonEmptyDeques == streamCount) Process();

            // Too many messages held for this stream: forget the search so far and drop its oldest message.
            // (Process may leave queueSize + 1 here.)
            if (deque.Count + past[stream].Count > queueSize)
            {
                nonEmptyDeques = 0;
                RecoverAll();
                deque.RemoveAt(0); // at least 2 remain before this, so the queue stays non-empty
                dropped[stream]++;
                hasDroppedMessages[stream] = true;
                if (pivot != NoPivot)
                {
                    candidate = null;
                    pivot = NoPivot;
                    Process();
                }
            }
            DeliverReadySets();
        }
        return true;
    }

    /// <summary>
    /// End of the streams (a recording has been played out): no message will follow, so every set that can still
    /// form is proved optimal and handed out now; messages that can no longer be paired count as dropped.
    /// </summary>
    public void Flush()
    {
        lock (gate)
        {
            if (delivering) throw new InvalidOperationException("the set handler must not flush its own synchronizer");
            var saved = (long[])lowerBoundNs.Clone();
            Array.Fill(lowerBoundNs, EndOfStreamNs);      // "the next message is infinitely far away"
            try
            {
                long before;
                do
                {
                    before = emitted;
                    if (nonEmptyDeques == streamCount) Process();
                    else if (pivot != NoPivot) TryProveOptimalWithLowerBounds();
                }
                while (emitted != before);
            }
            finally
            {
                Array.Copy(saved, lowerBoundNs, streamCount);
            }
            for (int i = 0; i < streamCount; i++)
            {
                dropped[i] += deques[i].Count + past[i].Count;
                deques[i].Clear();
                past[i].Clear();
            }
            nonEmptyDeques = 0;
            candidate = null;
            pivot = NoPivot;
            DeliverReadySets();
        }
    }

    /// <summary>A gap no real stream has (2^61 ns, 73 years), yet small enough to add to any stamp without overflow.</summary>
    private const long EndOfStreamNs = 1L << 61;

    private void CheckStream(int stream)
    {
        if ((uint)stream >= (uint)streamCount)
            throw new ArgumentOutOfRangeException(nameof(stream), $"stream must be in [0, {streamCount}), got {stream}");
    }

    /// <summary>Hands out the sets found by this call, in order, under the lock (so concurrent callers keep the
    /// time order). A throwing handler does not stop the later sets; the first exception is rethrown.</summary>
    private void DeliverReadySets()
    {
        if (ready.Count == 0) return;
        T[][] sets = [.. ready];
        ready.Clear();
        Exception? first = null;
        delivering = true;
        try
        {
            foreach (var set in sets)
            {
                try { onSet(set); }
                catch (Exception e) { first ??= e; }
            }
        }
        finally { delivering = false; }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>Searches while every stream has a queued message (message_filters' process()).</summary>
    private void Process()
    {
        while (nonEmptyDeques == streamCount)
        {
            var (endIndex, endTime) = HeadBoundary(latest: true);
            var (startIndex, startTime) = HeadBoundary(latest: false);
            for (int i = 0; i < streamCount; i++)
                if (i != endIndex) hasDroppedMessages[i] = false; // nothing dropped there could have been better

            if (pivot == NoPivot)
            {
                // No candidate yet (past is empty). Skip heads that cannot start a set.
                if (endTime - startTime > maxIntervalNs || hasDroppedMessages[endIndex])
                {
                    DeleteFront(startIndex);
                    continue;
                }
                MakeCandidate(startTime, endTime);
                pivot = endIndex;
                pivotTime = endTime;
                MoveFrontToPast(startIndex);
            }
            else
            {
                if (Penalized(endTime - candidateEnd) >= startTime - candidateStart)
                    MoveFrontToPast(startIndex); // not better than the current candidate
                else
                {
                    MakeCandidate(startTime, endTime); // better; same pivot
                    MoveFrontToPast(startIndex);
                }
            }

            if (startIndex == pivot)
                PublishCandidate(); // every set containing the pivot has been seen
            else if (Penalized(endTime - candidateEnd) >= pivotTime - candidateStart)
                PublishCandidate(); // any later set contains [pivot time, end time], already too wide
            else if (nonEmptyDeques < streamCount)
                TryProveOptimalWithLowerBounds();
        }
    }

    /// <summary>With a stream's queue empty, its next message cannot come before the last one plus the stream's
    /// lower bound (nor before the pivot, to matter): search on those optimistic "virtual" heads. If even they
    /// cannot beat the candidate, it is optimal and goes out; otherwise undo the virtual moves and wait.</summary>
    private void TryProveOptimalWithLowerBounds()
    {
        var virtualMoves = new int[streamCount];
        while (true)
        {
            var (_, endTime) = VirtualBoundary(latest: true);
            var (startIndex, startTime) = VirtualBoundary(latest: false);
            long penalizedGrowth = Penalized(endTime - candidateEnd);
            if (penalizedGrowth >= pivotTime - candidateStart)
            {
                PublishCandidate(); // also puts the virtually moved messages back
                return;
            }
            if (penalizedGrowth < startTime - candidateStart)
            {
                nonEmptyDeques = 0;
                RecoverAll(virtualMoves);
                return;
            }
            // Here startTime < pivotTime, so the start is a real queued message.
            if (deques[startIndex].Count == 0)
                throw new InvalidOperationException("approximate-time search reached an empty queue (internal error)");
            MoveFrontToPast(startIndex);
            virtualMoves[startIndex]++;
        }
    }

    private long Penalized(long durationNs) => (long)Math.Round(durationNs * (1 + agePenalty));

    /// <summary>The latest (ties: the last stream) or earliest (ties: the first stream) queue head; all queues non-empty.</summary>
    private (int Index, long Time) HeadBoundary(bool latest)
    {
        int index = 0;
        long time = deques[0][0].StampNs;
        for (int i = 1; i < streamCount; i++)
        {
            long t = deques[i][0].StampNs;
            if ((t < time) ^ latest) { time = t; index = i; }
        }
        return (index, time);
    }

    private (int Index, long Time) VirtualBoundary(bool latest)
    {
        int index = 0;
        long time = VirtualTime(0);
        for (int i = 1; i < streamCount; i++)
        {
            long t = VirtualTime(i);
            if ((t < time) ^ latest) { time = t; index = i; }
        }
        return (index, time);
    }

    private long VirtualTime(int i)
    {
        if (deques[i].Count > 0) return deques[i][0].StampNs;
        long earliestNext = past[i][^1].StampNs + lowerBoundNs[i]; // past is non-empty: the stream is in the candidate
        return Math.Max(earliestNext, pivotTime);
    }

    /// <summary>The queue heads become the candidate; messages set aside for the previous one are discarded.</summary>
    private void MakeCandidate(long start, long end)
    {
        candidate = new Entry[streamCount];
        for (int i = 0; i < streamCount; i++)
        {
            candidate[i] = deques[i][0];
            dropped[i] += past[i].Count;
            past[i].Clear();
        }
        candidateStart = start;
        candidateEnd = end;
    }

    private void PublishCandidate()
    {
        var set = new T[streamCount];
        for (int i = 0; i < streamCount; i++) set[i] = candidate![i].Message;
        ready.Add(set);
        emitted++;
        candidate = null;
        pivot = NoPivot;
        // Put the set-aside messages back and remove the published ones (each the oldest of its stream).
        nonEmptyDeques = 0;
        for (int i = 0; i < streamCount; i++)
        {
            deques[i].InsertRange(0, past[i]);
            past[i].Clear();
            deques[i].RemoveAt(0);
            if (deques[i].Count > 0) nonEmptyDeques++;
        }
    }

    private void DeleteFront(int i)
    {
        deques[i].RemoveAt(0);
        dropped[i]++;
        if (deques[i].Count == 0) nonEmptyDeques--;
    }

    private void MoveFrontToPast(int i)
    {
        past[i].Add(deques[i][0]);
        deques[i].RemoveAt(0);
        if (deques[i].Count == 0) nonEmptyDeques--;
    }

    /// <summary>Moves all set-aside messages back to the queues and recounts the non-empty ones (count reset by the caller).</summary>
    private void RecoverAll()
    {
        for (int i = 0; i < streamCount; i++)
        {
            deques[i].InsertRange(0, past[i]);
            past[i].Clear();
            if (deques[i].Count > 0) nonEmptyDeques++;
        }
    }

    /// <summary>Moves back the last <paramref name="counts"/>[i] set-aside messages of each stream.</summary>
    private void RecoverAll(int[] counts)
    {
        for (int i = 0; i < streamCount; i++)
        {
            int n = counts[i];
            if (n > 0)
            {
                deques[i].InsertRange(0, past[i].GetRange(past[i].Count - n, n));
                past[i].RemoveRange(past[i].Count - n, n);
            }
            if (deques[i].Count > 0) nonEmptyDeques++;
        }
    }

    private readonly record struct Entry(long StampNs, T Message);
}
