using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Federated.AdaptiveTau;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Codistillation;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Federated;

/// <summary>
/// One device's side of federated training, transport-free: it trains the weights it is sent on its own data for
/// a few local SGD steps and encodes its update with its own codec (whose error-feedback or momentum state
/// persists across rounds). The model object may be shared among simulated clients; the client loads the weights
/// it needs into it before every fit. For elastic averaging it keeps its local weights between rounds.
/// </summary>
public sealed class FederatedClient
{
    private readonly TrainableModel _model;
    private readonly MiniBatchLoader? _loader;
    private readonly int _batchSize;
    private IEnumerator<(Tensor Images, int[] Labels)>? _batches;
    private float[]? _elasticLocal;
    private TrainableModel? _teacher;
    private ModelProbe? _probe;

    public FederatedClient(int id, TrainableModel model, ImageDataset data, UpdateCodec codec, int batchSize = 32, int seed = 0)
    {
        (Id, _model, Data, Codec, _batchSize) = (id, model, data, codec, batchSize);
        if (data.Count > 0) _loader = new MiniBatchLoader(data, batchSize, shuffle: true, seed: seed * 7919 + id);
    }

    public int Id { get; }
    public ImageDataset Data { get; }
    public UpdateCodec Codec { get; }

    /// <summary>
    /// Trains as instructed and returns the encoded update (its payload length is the uplink cost): by the client's
    /// codec, or by <paramref name="encode"/> (secure aggregation masks the update instead).
    /// </summary>
    public UpdateEnvelope Fit(FitInstruction instruction, CancellationToken ct = default, Func<float[], byte[]>? encode = null)
    {
        var config = instruction.Config;
        if (config.BatchSize != _batchSize)
            throw new InvalidOperationException($"client {Id} batches {_batchSize} samples, the round asks for {config.BatchSize}");
        var start = config.Elastic ? _elasticLocal ??= (float[])instruction.Weights.Clone() : instruction.Weights;
        ModelVector.Set(_model, start);
        int steps = _loader is null ? 0 : config.StepsFor(Data.Count);
        double loss = TrainSteps(config, steps, instruction.Codistill, ct);
        var trained = ModelVector.Get(_model);
        var delta = new float[trained.Length];
        System.Numerics.Tensors.TensorPrimitives.Subtract(trained, instruction.Weights, delta);
        if (config.ClipNorm > 0 && Aggregation.Norm(delta) is var norm && norm > config.ClipNorm)
            System.Numerics.Tensors.TensorPrimitives.Multiply(delta, (float)(config.ClipNorm / norm), delta);
        if (config.Elastic)
        {
            // EASGD: the worker moves towards the centre by α·(x − x̃) and sends x − x̃ so the centre moves too.
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(delta, -config.ElasticAlpha, trained, trained);
            _elasticLocal = trained;
        }
        return new UpdateEnvelope(Id, instruction.Round, instruction.ModelVersion, encode is null ? Codec.Encode(delta, instruction.Weights, instruction.Round) : encode(delta), Data.Count, steps, loss)
        {
            Estimate = config.Estimate is { } request && steps > 0 && !config.Elastic ? Estimate(request, instruction.Weights, trained, config.BatchSize) : null,
        };
    }

    /// <summary>Wang et al.'s local estimates between the round's start and the trained weights, on the first samples of the client's data.</summary>
    private LocalEstimate Estimate(EstimateRequest request, float[] start, float[] trained, int batchSize)
    {
        _probe ??= new ModelProbe(_model, Data.Take(request.Samples));
        return LocalEstimator.Estimate(request, _probe, start, trained, batchSize);
    }

    private double TrainSteps(FitConfig config, int steps, CodistillTargets? codistill, CancellationToken ct)
    {
        if (steps == 0) return 0;
        var optimizer = new Sgd(_model.Parameters(), config.LearningRate, config.Momentum);
        var loss = codistill is null ? Trainer.CrossEntropy(_model)
            : CodistillationLoss.For(_model, _teacher ??= TrainableZoo.Create(_model.Name), codistill);
        return Trainer.Run(_model, Batches(steps), optimizer, loss, ct: ct).MeanStepLoss;
    }

    private IEnumerable<(Tensor Images, int[] Labels)> Batches(int steps)
    {
        for (int step = 0; step < steps; step++) yield return NextBatch();
    }

    /// <summary>Mini-batches cycle through the client's data epoch after epoch, across rounds.</summary>
    private (Tensor Images, int[] Labels) NextBatch()
    {
        if (_batches is null || !_batches.MoveNext())
        {
            _batches = _loader!.Epoch().GetEnumerator();
            _batches.MoveNext();
        }
        return _batches.Current;
    }

    /// <summary>Accuracy of <paramref name="weights"/> on <paramref name="data"/>, using (and overwriting) the model.</summary>
    public static EvaluateResult Evaluate(TrainableModel model, float[] weights, ImageDataset data, int clientId = -1)
    {
        ModelVector.Set(model, weights);
        return new EvaluateResult(clientId, data.Count, Trainer.Evaluate(model, data));
    }
}
