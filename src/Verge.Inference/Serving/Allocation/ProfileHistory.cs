namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// The windows a stream was profiled on since its content last changed: per setting, its accuracy in each window it
/// was measured (a top-k window measures only some settings). The estimate averages each setting's last measurements.
/// </summary>
internal sealed class ProfileHistory(double signature)
{
    private readonly Dictionary<(double Rate, string Variant), (KnobPoint Point, List<double> Accuracies)> _settings = [];

    /// <summary>The content signature the history was started at.</summary>
    public double Signature { get; } = signature;

    private double _maxLag = double.PositiveInfinity;

    public bool IsEmpty => _settings.Count == 0;

    /// <summary>Chameleon's top-k between full profiles: the only settings re-profiled and chosen from (null: all).</summary>
    public IReadOnlyList<KnobPoint>? Pinned { get; set; }

    public void Add(StreamProfile measured)
    {
        _maxLag = measured.MaxLag;
        foreach (var p in measured.Points)
        {
            if (_settings.TryGetValue((p.FrameRate, p.Variant), out var s)) s.Accuracies.Add(p.Accuracy);
            else _settings[(p.FrameRate, p.Variant)] = (p, [p.Accuracy]);
        }
    }

    /// <param name="last">measurements each setting's estimate averages (0: all).</param>
    /// <param name="pinnedOnly">only the pinned settings (what the allocator may choose between full profiles).</param>
    public StreamProfile Estimate(string stream, double signature, int last, bool pinnedOnly = false) =>
        new(stream, _settings.Values.Where(s => !pinnedOnly || Pinned is null || Pinned.Any(p => p.FrameRate == s.Point.FrameRate && p.Variant == s.Point.Variant)).Select(s => s.Point with
        {
            Accuracy = s.Accuracies.Skip(last == 0 ? 0 : Math.Max(0, s.Accuracies.Count - last)).Average(),
        }).ToList(), signature, _maxLag);

    public ProfileHistory Copy()
    {
        var copy = new ProfileHistory(Signature) { _maxLag = _maxLag, Pinned = Pinned };
        foreach (var (k, v) in _settings) copy._settings[k] = (v.Point, [.. v.Accuracies]);
        return copy;
    }
}
