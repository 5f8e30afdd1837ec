using Verge.Learning.Compression.Pruning;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Training.Recipes;

/// <summary>
/// One training pipeline, prepared (model built or loaded, pruned if asked, optimizer and loader made) and ready to
/// <see cref="Fit"/>, then to <see cref="SaveAsync"/> as ONNX plus checkpoint. The recipe follows from the options:
/// plain training, continued training (<see cref="RecipeOptions.From"/>), magnitude or structured pruning then
/// fine-tuning, distillation from an ONNX teacher, or joint training of a branchy model's exits.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly Layer _model;
    private readonly Optimizer _optimizer;
    private readonly MiniBatchLoader _loader;
    private readonly TrainingLoss _loss;
    private readonly Func<double> _evaluate;
    private readonly Func<string, CancellationToken, Task> _export;
    private readonly Compression.Distillation.OnnxTeacher? _teacher;
    private readonly PruningMask? _mask;

    private TrainingRun(RecipeOptions options, string technique, Layer model, string name, ImageDataset train, ImageDataset test, Optimizer optimizer,
        TrainingLoss loss, Func<double> evaluate, Func<string, CancellationToken, Task> export, Compression.Distillation.OnnxTeacher? teacher = null, PruningMask? mask = null)
    {
        (Options, Technique, _model, ModelName, Train, Test, _optimizer, _loss, _evaluate, _export, _teacher, _mask) =
            (options, technique, model, name, train, test, optimizer, loss, evaluate, export, teacher, mask);
        _loader = new MiniBatchLoader(train, options.BatchSize, shuffle: true, options.Seed);
    }

    public RecipeOptions Options { get; }
    /// <summary>"training", "continued", "magnitude-pruning", "structured-pruning", "distillation" or "early-exits".</summary>
    public string Technique { get; }
    public string ModelName { get; }
    public ImageDataset Train { get; }
    public ImageDataset Test { get; }
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;
    public long ParameterCount => _model.ParameterCount;
    /// <summary>Parameters before pruning; the test accuracy of the loaded checkpoint, and after pruning.</summary>
    public long ParamsBefore { get; private init; }
    public double? AccuracyBefore { get; private init; }
    public double? AccuracyPruned { get; private init; }
    /// <summary>Share of weights at zero (magnitude) or of parameters removed (structured); measured again by <see cref="SaveAsync"/>.</summary>
    public double? Sparsity { get; private set; }
    public BranchyModel? Branchy => _model as BranchyModel;
    /// <summary>A branchy model's exits, each on its own, on the test set (after <see cref="SaveAsync"/>).</summary>
    public IReadOnlyList<double>? ExitAccuracies { get; private set; }

    public static TrainingRun Prepare(RecipeOptions options, ImageDataset train, ImageDataset test)
    {
        options.Pruning?.Validate();
        if (BranchyZoo.Contains(options.Model))
        {
            if (options.CalibrationHoldOut > 0) train = train.Take(train.Count - options.CalibrationHoldOut);
            var branchy = BranchyZoo.Create(options.Model, options.Seed);
            if (options.From is { } start) Checkpoint.Load(start, branchy);
            return new TrainingRun(options, "early-exits", branchy, branchy.Name, train, test, NewOptimizer(options, branchy), BranchyTrainer.Loss(branchy),
                () => BranchyTrainer.EvaluateExits(branchy, test)[^1], (path, ct) => BranchyExporter.SaveAsync(branchy, path, ct));
        }
        var net = TrainableZoo.Create(options.Model, options.Seed);
        if (options.From is { } from) Checkpoint.Load(from, net);
        double? before = options.From is null ? null : Trainer.Evaluate(net, test);
        long paramsBefore = net.ParameterCount;
        if (options.Pruning is { } pruning)
        {
            Optimizer optimizer;
            PruningMask? mask = null;
            if (pruning.Structured)
            {
                net = ChannelPruner.Prune(net, pruning.Fraction);
                optimizer = NewOptimizer(options, net);
            }
            else
            {
                mask = MagnitudePruner.Prune(net, pruning.Fraction);
                optimizer = new MaskedOptimizer(NewOptimizer(options, net), mask);
            }
            var pruned = net;
            return new TrainingRun(options, pruning.Structured ? "structured-pruning" : "magnitude-pruning", net, net.Name, train, test, optimizer,
                Trainer.CrossEntropy(net), () => Trainer.Evaluate(pruned, test), (path, ct) => OnnxExporter.SaveAsync(pruned, path, ct, dynamicBatch: true), mask: mask)
            {
                ParamsBefore = paramsBefore, AccuracyBefore = before, AccuracyPruned = Trainer.Evaluate(net, test),
                Sparsity = mask?.Sparsity ?? 1 - (double)net.ParameterCount / paramsBefore,
            };
        }
        var teacher = options.Teacher is { } teacherPath ? new Compression.Distillation.OnnxTeacher(teacherPath, options.TeacherThreads) : null;
        return new TrainingRun(options, teacher is not null ? "distillation" : options.From is not null ? "continued" : "training", net, net.Name, train, test,
            NewOptimizer(options, net), teacher is null ? Trainer.CrossEntropy(net) : Compression.Distillation.Distiller.Loss(net, teacher, options.Distillation),
            () => Trainer.Evaluate(net, test), (path, ct) => OnnxExporter.SaveAsync(net, path, ct, dynamicBatch: true), teacher)
        {
            ParamsBefore = paramsBefore, AccuracyBefore = before,
        };
    }

    /// <summary>The epochs, one result each as it completes; <paramref name="onBatch"/> sees (epoch, batches done, running loss).</summary>
    public IEnumerable<EpochResult> Fit(Action<int, int, double>? onBatch = null, CancellationToken ct = default) =>
        Trainer.Fit(_model, _loader, _optimizer, _loss, _evaluate, Options.Epochs, onBatch, ct);

    /// <summary>Writes <paramref name="onnxPath"/> and the checkpoint (model and optimizer state) to <paramref name="checkpointPath"/>.</summary>
    public async Task SaveAsync(string onnxPath, string checkpointPath, CancellationToken ct = default)
    {
        if (_mask is not null) Sparsity = PruningMask.MeasureSparsity(_model);
        await _export(onnxPath, ct);
        Checkpoint.Save(checkpointPath, ModelName, _model, _optimizer);
        if (Branchy is { } branchy) ExitAccuracies = BranchyTrainer.EvaluateExits(branchy, Test);
    }

    public void Dispose() => _teacher?.Dispose();

    private static Optimizer NewOptimizer(RecipeOptions options, Module model) => options.Optimizer == "sgd"
        ? new Sgd(model.Parameters(), options.LearningRate, 0.9f, 5e-4f)
        : new Adam(model.Parameters(), options.LearningRate);
}
