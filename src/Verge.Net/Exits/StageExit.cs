using Verge.Learning.EarlyExit;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Exits;

/// <summary>
/// The early exit a stage holds: which of its outputs is the exit head's logits, and the policy (measure and
/// threshold) under which a frame leaves there.
/// </summary>
public sealed record StageExit(string Output, ConfidenceMeasure Measure, double Threshold)
{
    /// <summary>True when <paramref name="outputs"/>' exit logits are confident enough for the frame to leave.</summary>
    public bool Leaves(IReadOnlyList<FloatTensor> outputs)
    {
        var logits = outputs.First(o => o.Name == Output).Data;
        return new ExitPolicy(Measure, [Threshold]).Leaves(0, ExitPolicy.Score(logits, Measure));
    }

    public ExitRule ToWire() => new()
    {
        Output = Output,
        Threshold = Threshold,
        Measure = Measure == ConfidenceMeasure.Entropy ? ExitMeasure.Entropy : ExitMeasure.MaxSoftmax,
    };

    public static StageExit FromWire(ExitRule rule) => new(rule.Output,
        rule.Measure == ExitMeasure.MaxSoftmax ? ConfidenceMeasure.MaxSoftmax : ConfidenceMeasure.Entropy, rule.Threshold);
}
