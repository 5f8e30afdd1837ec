namespace Verge.Inference.Serving.Allocation;

/// <summary>The knob chosen for each stream, with the cost of them all and their mean and minimum accuracy.</summary>
public sealed record Allocation(IReadOnlyDictionary<string, KnobPoint> Knobs)
{
    public double Cost => Knobs.Values.Sum(k => k.Cost);
    public double MeanAccuracy => Knobs.Count == 0 ? 0 : Knobs.Values.Average(k => k.Accuracy);
    public double MinAccuracy => Knobs.Count == 0 ? 0 : Knobs.Values.Min(k => k.Accuracy);
}
