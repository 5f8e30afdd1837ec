namespace Verge.Inference.Runtime;

/// <summary>How to profile: timed runs after warm-up, and ONNX Runtime's intra-op thread count.</summary>
public sealed record ProfileOptions
{
    public int Runs { get; init; } = 10;
    public int Warmup { get; init; } = 2;
    /// <summary>Intra-op threads; default all cores of this host.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Seed { get; init; } = 42;
    /// <summary>The ONNX Runtime execution provider the model is profiled on (<see cref="ExecutionProviders"/>).</summary>
    public string Provider { get; init; } = ExecutionProviders.Cpu;
}
