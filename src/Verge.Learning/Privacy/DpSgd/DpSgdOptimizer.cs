using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// DP-SGD's step (Abadi et al., CCS 2016, Alg. 1) around any optimizer: clip each example's gradient to norm C, sum,
/// add N(0, σ²C²) to every coordinate, divide by the expected batch size q·N (Poisson batches vary in size, and
/// dividing by the actual size would leak it), then let the wrapped optimizer take its step. It only clips, noises
/// and scales; checkpoints see the wrapped optimizer's kind and state.
/// </summary>
public sealed class DpSgdOptimizer : Optimizer
{
    private readonly Optimizer _inner;
    private readonly PerExampleGradients _model;
    private readonly Rng _rng;

    /// <param name="lossIsMean">Whether the loss was a batch mean (cross-entropy): recorded gradients are then 1/n of each example's.</param>
    public DpSgdOptimizer(Optimizer inner, PerExampleGradients model, float clip, double noise, double expectedBatchSize, int seed, bool lossIsMean = true)
        : base(inner.Parameters)
    {
        if (!(clip > 0) || float.IsInfinity(clip)) throw new ArgumentOutOfRangeException(nameof(clip), "clipping norm must be positive");
        if (!(noise >= 0)) throw new ArgumentOutOfRangeException(nameof(noise), "noise multiplier must be non-negative");
        if (!(expectedBatchSize > 0)) throw new ArgumentOutOfRangeException(nameof(expectedBatchSize), "expected batch size must be positive");
        (_inner, _model, Clip, Noise, ExpectedBatchSize, LossIsMean) = (inner, model, clip, noise, expectedBatchSize, lossIsMean);
        _rng = new Rng(seed);
        LearningRate = inner.LearningRate;
    }

    public float Clip { get; }
    public double Noise { get; }
    public double ExpectedBatchSize { get; }
    public bool LossIsMean { get; }
    public override string Kind => _inner.Kind;

    /// <summary>Each example's gradient norm before clipping, in the last step (empty when its batch was).</summary>
    public double[] LastNorms { get; private set; } = [];

    public override void Step()
    {
        int n = _model.BatchSize;
        if (n > 0) LastNorms = _model.ClipAndSum(Clip, LossIsMean ? n : 1).ToArray();
        else
        {
            // An empty Poisson batch still releases a noisy step: skipping it would reveal that the batch was empty.
            LastNorms = [];
            foreach (var p in Parameters) Array.Clear(p.Tensor.EnsureGrad());
        }
        double std = Noise * Clip;
        float inv = (float)(1 / ExpectedBatchSize);
        foreach (var p in Parameters)
        {
            var g = p.Tensor.EnsureGrad();
            for (int i = 0; i < g.Length; i++) g[i] = (float)((g[i] + std * _rng.Normal()) * inv);
        }
        _inner.LearningRate = LearningRate;
        _inner.Step();
        StepCount = _inner.StepCount;
    }

    public override IReadOnlyList<(string Name, float[] Values)> State() => _inner.State();
}
