using Verge.Learning.Engine;

namespace Verge.Learning.Compression.Pruning;

/// <summary>
/// An optimizer that re-applies a pruning mask after every step of the one it wraps, so that momentum and weight
/// decay cannot bring pruned weights back during fine-tuning. Checkpoints see the inner optimizer's kind and state.
/// </summary>
public sealed class MaskedOptimizer : Optimizer
{
    private readonly Optimizer _inner;
    private readonly PruningMask _mask;

    public MaskedOptimizer(Optimizer inner, PruningMask mask) : base(inner.Parameters)
    {
        (_inner, _mask) = (inner, mask);
        LearningRate = inner.LearningRate;
    }

    public override string Kind => _inner.Kind;

    public override void Step()
    {
        _inner.LearningRate = LearningRate;
        _inner.Step();
        StepCount = _inner.StepCount;
        _mask.Apply();
    }

    public override IReadOnlyList<(string Name, float[] Values)> State() => _inner.State();
}
