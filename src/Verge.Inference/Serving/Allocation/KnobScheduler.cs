namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// The edge server's knob scheduler over time: streams join and leave, and every profiling window each group of
/// alike streams is profiled again through its leader (VideoStorm re-profiles periodically; Chameleon shares profiles).
/// A join or leave re-allocates at once — a joining stream that resembles a profiled one borrows its profile, any other
/// is profiled then — so the new allocation holds from the window the change happened in.
/// </summary>
public sealed class KnobScheduler(double capacity, Func<string, StreamProfile> profile, double tolerance = 0.15,
    AllocationObjective objective = AllocationObjective.Total)
{
    private readonly Dictionary<string, double> _signatures = [];
    private readonly Dictionary<string, StreamProfile> _profiles = [];

    /// <summary>How many stream profiles were measured (the cost sharing cuts).</summary>
    public int ProfilesMeasured { get; private set; }

    public Allocation Current { get; private set; } = new(new Dictionary<string, KnobPoint>());

    public IReadOnlyCollection<string> Streams => _signatures.Keys;

    public Allocation Join(string stream, double signature)
    {
        _signatures[stream] = signature;
        var leader = _profiles.Values.Where(p => ProfileSharing.Similar(p.Signature, signature, tolerance)).MinBy(p => Math.Abs(p.Signature - signature));
        _profiles[stream] = leader is not null ? leader with { Stream = stream } : Measure(stream);
        return Reallocate();
    }

    public Allocation Leave(string stream)
    {
        _signatures.Remove(stream);
        _profiles.Remove(stream);
        return Reallocate();
    }

    /// <summary>The end of a profiling window: new signatures, leaders profiled again, followers borrow, re-allocate.</summary>
    public Allocation Window(IReadOnlyDictionary<string, double> signatures)
    {
        foreach (var (s, v) in signatures) if (_signatures.ContainsKey(s)) _signatures[s] = v;
        var leaders = ProfileSharing.Leaders(_signatures.Select(p => (p.Key, p.Value)).ToList(), tolerance);
        var measured = leaders.Values.Distinct().ToDictionary(l => l, Measure);
        foreach (var (s, l) in leaders) _profiles[s] = measured[l] with { Stream = s, Signature = _signatures[s] };
        return Reallocate();
    }

    private StreamProfile Measure(string stream)
    {
        ProfilesMeasured++;
        return profile(stream) with { Signature = _signatures[stream] };
    }

    private Allocation Reallocate() => Current = KnobAllocator.Allocate(_profiles.Values.OrderBy(p => p.Stream, StringComparer.Ordinal).ToList(), capacity, objective);
}
