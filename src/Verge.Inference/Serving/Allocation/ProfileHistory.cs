namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// The windows a stream was profiled on since its content last changed: per setting, its accuracy and cost in each
/// window it was measured (a top-k window measures only some settings). The estimate averages each setting's last
/// measurements; a cost that depends on content (an early-exit model's) is averaged the same way.
/// </summary>
internal sealed class ProfileHistory(double signature)
{
    private readonly Dictionary<(double Rate, string Variant), (KnobPoint Point, List<double> Accuracies, List<double> Costs)> _settings = [];

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
            if (_settings.TryGetValue((p.FrameRate, p.Variant), out var s))
            {
                s.Accuracies.Add(p.Accuracy);
                s.Costs.Add(p.Cost);
            }
            else _settings[(p.FrameRate, p.Variant)] = (p, [p.Accuracy], [p.Cost]);
        }
    }

    /// <param name="last">measurements each setting's estimate averages (0: all).</param>
    /// <param name="pinnedOnly">only the pinned settings (what the allocator may choose between full profiles).</param>
    public StreamProfile Estimate(string stream, double signature, int last, bool pinnedOnly = false) =>
        new(stream, _settings.Values.Where(s => !pinnedOnly || Pinned is null || Pinned.Any(p => p.FrameRate == s.Point.FrameRate && p.Variant == s.Point.Variant)).Select(s => s.Point with
        {
            Accuracy = Last(s.Accuracies, last).Average(),
            Cost = Mean(Last(s.Costs, last).ToList()),
        }).ToList(), signature, _maxLag);

    private static IEnumerable<double> Last(List<double> values, int last) => values.Skip(last == 0 ? 0 : Math.Max(0, values.Count - last));

    /// <summary>The mean, and exactly the value when every one is the same (a fixed cost stays bit-for-bit what it was).</summary>
    internal static double Mean(IReadOnlyList<double> values) => values.All(v => v == values[0]) ? values[0] : values.Average();

    public ProfileHistory Copy()
    {
        var copy = new ProfileHistory(Signature) { _maxLag = _maxLag, Pinned = Pinned };
        foreach (var (k, v) in _settings) copy._settings[k] = (v.Point, [.. v.Accuracies], [.. v.Costs]);
        return copy;
    }
}
