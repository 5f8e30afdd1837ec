namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// The edge server's knob scheduler over time: streams join and leave, and at the end of every profiling window each
/// group of alike streams is profiled again through its leader (VideoStorm re-profiles periodically; Chameleon shares
/// profiles and, between full profiles, re-profiles only the top settings: <see cref="ReprofilePolicy"/>). A join or
/// leave re-allocates at once — a joining stream that resembles a profiled one borrows its profile, any other is
/// profiled then — so the new allocation holds from the window the change happened in.
/// </summary>
/// <param name="profile">Measures a stream's profile on its last window: every setting when the second argument is
/// null, else at least the settings named (the scheduler reads no others).</param>
public sealed class KnobScheduler(double capacity, Func<string, IReadOnlyCollection<KnobPoint>?, StreamProfile> profile,
    double tolerance = 0.15, AllocationObjective objective = AllocationObjective.Total, ReprofilePolicy? policy = null)
{
    private readonly ReprofilePolicy _policy = Validated(policy ?? ReprofilePolicy.LastWindow);
    private readonly Dictionary<string, double> _signatures = [];
    private readonly Dictionary<string, ProfileHistory> _history = [];
    private int _window;

    public KnobScheduler(double capacity, Func<string, StreamProfile> profile, double tolerance = 0.15,
        AllocationObjective objective = AllocationObjective.Total, ReprofilePolicy? policy = null)
        : this(capacity, (s, _) => profile(s), tolerance, objective, policy)
    {
    }

    /// <summary>How many stream profiles were measured, full or top-k (the cost sharing cuts).</summary>
    public int ProfilesMeasured { get; private set; }

    /// <summary>How many (stream, setting) pairs were profiled: a full profile counts every setting, a top-k one k.</summary>
    public int SettingsProfiled { get; private set; }

    public Allocation Current { get; private set; } = new(new Dictionary<string, KnobPoint>());

    public IReadOnlyCollection<string> Streams => _signatures.Keys;

    /// <summary>Every stream's profile as the scheduler estimates it now, every setting (between Chameleon's full profiles
    /// it allocates only among each stream's top-k of them), by stream name.</summary>
    public IReadOnlyList<StreamProfile> Profiles =>
        _history.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value.Estimate(h.Key, _signatures[h.Key], _policy.History)).ToList();

    public Allocation Join(string stream, double signature)
    {
        _signatures[stream] = signature;
        // Compared with the signature each profile was measured at (a borrowed one: its leader's).
        var leader = _history.Keys.Where(h => ProfileSharing.Similar(_history[h].Signature, signature, tolerance)).MinBy(h => Math.Abs(_history[h].Signature - signature));
        _history[stream] = leader is not null ? _history[leader].Copy() : Fresh(stream);
        _history[stream].Pinned = null;  // its own top-k are chosen at the next window's end
        return Reallocate();
    }

    public Allocation Leave(string stream)
    {
        _signatures.Remove(stream);
        _history.Remove(stream);
        return Reallocate();
    }

    /// <summary>The end of a profiling window: new signatures; leaders profiled again (in full every
    /// <see cref="ReprofilePolicy.FullEvery"/> windows or when their content changed, else their top-k settings);
    /// followers borrow their leader's history; re-allocate.</summary>
    public Allocation Window(IReadOnlyDictionary<string, double> signatures)
    {
        _window++;
        foreach (var (s, v) in signatures) if (_signatures.ContainsKey(s)) _signatures[s] = v;
        var leaders = ProfileSharing.Leaders(_signatures.Select(p => (p.Key, p.Value)).ToList(), tolerance);
        if (_policy.Pool) return Pooled(leaders);
        var fresh = new List<string>();
        foreach (var l in leaders.Values.Distinct())
        {
            var history = _history[l];
            bool changed = Changed(l);
            if (changed) _history[l] = history = new ProfileHistory(_signatures[l]);
            if (changed || _window % _policy.FullEvery == 0 || history.IsEmpty)
            {
                history.Pinned = null;
                history.Add(Measure(l, null));
                fresh.Add(l);
            }
            else if (_policy.TopK > 0)
            {
                // The leader profiles the top-k settings of every stream in its group (each stream's own).
                var wanted = leaders.Where(p => p.Value == l).SelectMany(p => _history[p.Key].Pinned ??= TopK(p.Key))
                    .DistinctBy(k => (k.FrameRate, k.Variant)).ToList();
                history.Add(Measure(l, wanted));
            }
        }
        foreach (var (s, l) in leaders)
        {
            if (s == l) continue;
            var pinned = _history[s].Pinned;
            _history[s] = _history[l].Copy();
            if (!fresh.Contains(l)) _history[s].Pinned = pinned;
        }
        Reallocate();
        // Chameleon keeps the top-k settings of the last full profile: until the next one, a stream is re-profiled and
        // chosen only among them, so the settings it is compared between were measured on the same windows since that profile.
        if (_policy.TopK > 0 && fresh.Count > 0)
        {
            foreach (var (s, l) in leaders) if (fresh.Contains(l)) _history[s].Pinned = TopK(s);
            Reallocate();
        }
        return Current;
    }

    /// <summary>Every stream profiled; each group's mean profile joins each member's history. A member whose content
    /// changed forgets its history first and, like a joining stream (Chameleon's sharing), takes up the history of the
    /// unchanged stream whose content it now resembles, if any.</summary>
    private Allocation Pooled(IReadOnlyDictionary<string, string> leaders)
    {
        var changed = leaders.Keys.Where(Changed).ToHashSet();
        var steady = _history.Where(h => !changed.Contains(h.Key)).ToList();
        foreach (var s in changed)
        {
            var like = steady.Where(h => ProfileSharing.Similar(h.Value.Signature, _signatures[s], tolerance)).OrderBy(h => Math.Abs(h.Value.Signature - _signatures[s])).ThenBy(h => h.Key, StringComparer.Ordinal).ToList();
            _history[s] = like.Count > 0 ? like[0].Value.Copy() : new ProfileHistory(_signatures[s]);
        }
        var measured = leaders.Keys.ToDictionary(s => s, s => Measure(s, null));
        foreach (var group in leaders.GroupBy(p => p.Value, p => p.Key))
        {
            var members = group.Select(s => measured[s]).ToList();
            KnobPoint Same(StreamProfile m, KnobPoint k) => m.Points.First(q => q.FrameRate == k.FrameRate && q.Variant == k.Variant);
            var mean = members[0] with
            {
                Points = members[0].Points.Select(k => k with
                {
                    Accuracy = members.Average(m => Same(m, k).Accuracy),
                    Cost = ProfileHistory.Mean(members.Select(m => Same(m, k).Cost).ToList()),
                }).ToList(),
            };
            foreach (var s in group) _history[s].Add(mean);
        }
        return Reallocate();
    }

    /// <summary>Whether a stream's content signature left <see cref="ReprofilePolicy.ChangeTolerance"/> of the one its
    /// history was started at.</summary>
    private bool Changed(string stream) =>
        !double.IsPositiveInfinity(_policy.ChangeTolerance) && !ProfileSharing.Similar(_history[stream].Signature, _signatures[stream], _policy.ChangeTolerance);

    private ProfileHistory Fresh(string stream)
    {
        var history = new ProfileHistory(_signatures[stream]);
        history.Add(Measure(stream, null));
        return history;
    }

    private StreamProfile Measure(string stream, IReadOnlyCollection<KnobPoint>? only)
    {
        ProfilesMeasured++;
        var measured = profile(stream, only);
        if (only is not null) measured = measured with { Points = measured.Points.Where(p => only.Any(o => o.FrameRate == p.FrameRate && o.Variant == p.Variant)).ToList() };
        SettingsProfiled += measured.Points.Count;
        return measured;
    }

    /// <summary>Chameleon's top-k: the k settings of the stream's estimated Pareto frontier (no cheaper setting is as
    /// accurate) nearest in cost rank to the one it runs now — the settings the allocator would move it to.</summary>
    private IReadOnlyList<KnobPoint> TopK(string stream)
    {
        var points = _history[stream].Estimate(stream, _signatures[stream], _policy.History).Points.OrderBy(p => p.Cost).ThenByDescending(p => p.Accuracy);
        var frontier = new List<KnobPoint>();
        foreach (var p in points) if (frontier.Count == 0 || p.Accuracy > frontier[^1].Accuracy) frontier.Add(p);
        double running = Current.Knobs.TryGetValue(stream, out var now) ? now.Cost : frontier[0].Cost;
        int at = frontier.FindIndex(p => p.Cost >= running - 1e-12);
        if (at < 0) at = frontier.Count - 1;
        return frontier.Select((p, i) => (p, i)).OrderBy(x => Math.Abs(x.i - at)).ThenBy(x => x.i).Take(_policy.TopK).Select(x => x.p).ToList();
    }

    private Allocation Reallocate() => Current = KnobAllocator.Allocate(
        _history.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Value.Estimate(h.Key, _signatures[h.Key], _policy.History, pinnedOnly: true)).ToList(),
        capacity, objective);

    private static ReprofilePolicy Validated(ReprofilePolicy p)
    {
        p.Validate();
        return p;
    }
}
