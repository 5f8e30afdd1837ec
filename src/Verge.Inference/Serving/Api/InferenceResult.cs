namespace Verge.Inference.Serving.Api;

/// <summary>One request's answer: its outputs (its own rows only) and where the time went on the server.</summary>
public sealed record InferenceResult(
    string Model,
    long Version,
    IReadOnlyList<NamedTensor> Outputs,
    TimeSpan QueueTime,
    TimeSpan ComputeTime,
    int BatchSize);
