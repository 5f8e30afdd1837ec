namespace Verge.Inference.Serving.Scheduling.Freshness;

/// <summary>
/// Age of information per stream (Kaul, Yates and Gruteser, INFOCOM 2012): the time since capture of the
/// freshest frame of the stream that has been answered. An answer for an older frame than one already answered
/// does not make the stream fresher. Thread-safe.
/// </summary>
public sealed class StreamFreshness(TimeProvider time)
{
    private readonly Dictionary<string, (long Sequence, DateTimeOffset Capture)> freshest = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Answered(string stream, long sequence, DateTimeOffset capture)
    {
        lock (gate)
        {
            if (!freshest.TryGetValue(stream, out var known) || sequence > known.Sequence)
                freshest[stream] = (sequence, capture);
        }
    }

    public TimeSpan? AgeOfInformation(string stream)
    {
        var now = time.GetUtcNow();
        lock (gate)
            return freshest.TryGetValue(stream, out var f) ? now - f.Capture : null;
    }

    public IReadOnlyList<StreamAge> Snapshot()
    {
        var now = time.GetUtcNow();
        lock (gate)
            return freshest.Select(kv => new StreamAge(kv.Key, kv.Value.Sequence, now - kv.Value.Capture))
                .OrderBy(s => s.StreamId, StringComparer.Ordinal).ToList();
    }

    public void Forget(string stream)
    {
        lock (gate) freshest.Remove(stream);
    }
}
