using System.Diagnostics;
using System.Security.Cryptography;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Privacy.Accounting;
using Verge.Learning.Training;
using Verge.Learning.Training.Recipes;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// A DP-SGD training run (Abadi et al., CCS 2016), prepared: the model checked for per-example gradients, Poisson
/// batches at q = batch / examples, the noise multiplier given or calibrated so that the planned steps spend the
/// budget, and the step budget cut where ε would pass the target. Each epoch goes through the one training loop
/// (<see cref="Trainer.Run"/>) with the DP optimizer, and reports the ε spent so far.
/// </summary>
public sealed class DpSgdRun
{
    private readonly TrainableModel _model;
    private readonly PerExampleGradients _perExample;
    private readonly DpSgdOptimizer _optimizer;
    private readonly PoissonSampler _sampler;

    private DpSgdRun(RecipeOptions options, DpSgdOptions privacy, TrainableModel model, ImageDataset train, ImageDataset test, double noise, long steps)
    {
        (Options, Privacy, _model, Train, Test, Noise, PlannedSteps) = (options, privacy, model, train, test, noise, steps);
        _perExample = PerExampleGradients.For(model);
        SampleRate = Math.Min(1.0, (double)options.BatchSize / train.Count);
        StepsPerEpoch = (int)Math.Ceiling(1 / SampleRate);
        // No weight decay: with momentum 0.9 at DP's large learning rates (Tramèr & Boneh use 4) the plain recipe's 5e-4
        // would shrink the weights by 2 % a step; the published DP-SGD recipes use none.
        Optimizer inner = options.Optimizer == "sgd"
            ? new Sgd(model.Parameters(), options.LearningRate, 0.9f)
            : new Adam(model.Parameters(), options.LearningRate);
        int seed = privacy.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        _optimizer = new DpSgdOptimizer(inner, _perExample, privacy.Clip, noise, SampleRate * train.Count, seed);
        _sampler = new PoissonSampler(train, SampleRate, privacy.Seed is { } s ? s + 1 : RandomNumberGenerator.GetInt32(int.MaxValue));
    }

    public RecipeOptions Options { get; }
    public DpSgdOptions Privacy { get; }
    public string ModelName => _model.Name;
    public long ParameterCount => _model.ParameterCount;
    public ImageDataset Train { get; }
    public ImageDataset Test { get; }
    public double SampleRate { get; }
    public double Noise { get; }
    public int StepsPerEpoch { get; }
    /// <summary>Steps the run will take: every epoch's, or fewer where ε would pass the target.</summary>
    public long PlannedSteps { get; }
    public int PlannedEpochs => (int)((PlannedSteps + StepsPerEpoch - 1) / StepsPerEpoch);

    public static DpSgdRun Prepare(RecipeOptions options, DpSgdOptions privacy, ImageDataset train, ImageDataset test)
    {
        privacy.Validate();
        if (train.Count == 0) throw new InputException("the training set is empty; DP-SGD needs examples to sample from");
        var model = TrainableZoo.Create(options.Model, options.Seed);
        PerExampleGradients.For(model); // refuse batch norm before any calibration work
        double q = Math.Min(1.0, (double)options.BatchSize / train.Count);
        long perEpoch = (long)Math.Ceiling(1 / q), planned = perEpoch * options.Epochs;
        double noise;
        if (privacy.Noise is { } given)
        {
            noise = given;
            planned = StepBudget(q, noise, planned, privacy);
        }
        else noise = NoiseCalibration.NoiseFor(privacy.TargetEpsilon, q, planned, privacy.Delta);
        return new DpSgdRun(options, privacy, model, train, test, noise, planned);
    }

    /// <summary>The most steps (up to <paramref name="planned"/>) that keep ε within the target at noise σ.</summary>
    private static long StepBudget(double q, double noise, long planned, DpSgdOptions privacy)
    {
        double Eps(long t) => RdpAccountant.Epsilon(q, noise, t, privacy.Delta).Epsilon;
        if (Eps(planned) <= privacy.TargetEpsilon) return planned;
        if (Eps(1) > privacy.TargetEpsilon)
            throw new UsageException($"noise {noise} spends more than ε = {privacy.TargetEpsilon} in a single step; raise --noise or --target-epsilon");
        long lo = 1, hi = planned; // Eps(lo) ≤ target < Eps(hi)
        while (hi - lo > 1)
        {
            long mid = (lo + hi) / 2;
            if (Eps(mid) <= privacy.TargetEpsilon) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>The epochs as they complete; <paramref name="onBatch"/> sees (epoch, batches done, running loss).</summary>
    public IEnumerable<DpEpoch> Fit(Action<int, int, double>? onBatch = null, CancellationToken ct = default)
    {
        long done = 0;
        for (int epoch = 1; done < PlannedSteps; epoch++)
        {
            int steps = (int)Math.Min(StepsPerEpoch, PlannedSteps - done);
            var watch = Stopwatch.StartNew();
            int e = epoch;
            var pass = Trainer.Run(_model, _sampler.Batches(steps), _optimizer, _perExample.CrossEntropy, onBatch is null ? null : (b, l) => onBatch(e, b, l), ct);
            double seconds = watch.Elapsed.TotalSeconds;
            done += steps;
            var spent = RdpAccountant.Epsilon(SampleRate, Noise, done, Privacy.Delta);
            yield return new DpEpoch(new EpochResult(epoch, seconds, pass.MeanLoss, Trainer.Evaluate(_model, Test)), done, spent);
        }
    }

    /// <summary>Writes the ONNX model and the checkpoint (model and the wrapped optimizer's state).</summary>
    public async Task SaveAsync(string onnxPath, string checkpointPath, CancellationToken ct = default)
    {
        await OnnxExporter.SaveAsync(_model, onnxPath, ct);
        Checkpoint.Save(checkpointPath, ModelName, _model, _optimizer);
    }
}
