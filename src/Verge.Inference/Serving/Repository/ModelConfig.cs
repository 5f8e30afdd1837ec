using Verge.Inference.Serving.Scheduling.Batching;
using Verge.Inference.Serving.Scheduling.Queueing;

namespace Verge.Inference.Serving.Repository;

/// <summary>
/// A model's <c>config.yaml</c> in the repository (Triton's model configuration, in YAML): batch limit, dynamic
/// batching (requests are combined only when the section is present), instances (ONNX Runtime sessions run in
/// parallel), queue policy, weight of its fair share, and how many timed runs per batch size its latency profile takes.
/// </summary>
public sealed record ModelConfig(
    string Name,
    int MaxBatchSize = 0,
    DynamicBatchingOptions? DynamicBatching = null,
    int Instances = 1,
    QueueOptions? Queue = null,
    double Weight = 1,
    int ProfileRuns = 3)
{
    public QueueOptions QueuePolicy => Queue ?? QueueOptions.Default;

    public BatchLimits Limits => new(MaxBatchSize, DynamicBatching);
}
