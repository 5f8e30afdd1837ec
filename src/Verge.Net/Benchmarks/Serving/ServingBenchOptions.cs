namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// Settings of `verge bench serving`: the model (an ONNX file with a symbolic batch dimension, the zoo's), how long
/// each measured run lasts, and the server's repository config that every scenario shares (instances, batch sizes,
/// queue limit); each scenario changes only what it compares.
/// </summary>
public sealed record ServingBenchOptions
{
    public string ModelName { get; init; } = "lenet5";

    /// <summary>The model file; the bench serves a copy as ROOT/NAME/1/model.onnx.</summary>
    public string ModelPath { get; init; } = "";

    /// <summary>
    /// The model of the overload scenario: one whose compute per request dwarfs what a request costs to carry, since
    /// client and server share the CPU and every request, refused or served, costs its transport. ResNet-18 (torchvision,
    /// 1.82 G MACs a frame of 588 KiB, fixed batch of 1) computes ~12× what ShuffleNet V2 does on the same frame: with
    /// ShuffleNet the frames' transport (client, HTTP/2, Kestrel) took most of a deadline of 3 × its compute before the
    /// server's queue saw them, and the zoo's Fashion-MNIST models (3 KiB frames, at most 3.1 M MACs) cost about as much
    /// to carry as to compute, so 1.5× their capacity overloads the transport, not the queue.
    /// </summary>
    public string OverloadModelName { get; init; } = "resnet18-tv";

    public string OverloadModelPath { get; init; } = "";

    /// <summary>
    /// The model of the streams scenario: ShuffleNet V2 (147 M MACs a frame, fixed batch of 1), fast enough that 16
    /// streams at 1.5× its capacity each send several frames a second, so a stream's older frame is often still queued.
    /// </summary>
    public string StreamsModelName { get; init; } = "shufflenetv2-tv";

    public string StreamsModelPath { get; init; } = "";

    /// <summary>Closed-loop clients of the batching comparison and of the capacity measurement.</summary>
    public int Clients { get; init; } = 64;

    public TimeSpan RunDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Closed-loop load before each measured run (JIT, connections, ONNX Runtime's first runs).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int Instances { get; init; } = 2;
    public int MaxBatchSize { get; init; } = 32;
    public IReadOnlyList<int> PreferredBatchSizes { get; init; } = [8, 16, 32];
    public int MaxQueueDelayUs { get; init; } = 2000;
    public int QueueMaxSize { get; init; } = 256;

    /// <summary>Open-loop rate of the overload and stream scenarios, as a multiple of the measured capacity.</summary>
    public double Overload { get; init; } = 1.5;

    /// <summary>The overload scenario's deadline as a multiple of the mean compute time per answer at capacity.</summary>
    public double DeadlineFactor { get; init; } = 3;

    /// <summary>A fixed deadline instead of <see cref="DeadlineFactor"/> × p50.</summary>
    public double? DeadlineMs { get; init; }

    /// <summary>Streams of the freshness scenario (latest-only against FIFO).</summary>
    public int Streams { get; init; } = 16;

    /// <summary>Concurrent device streams of the soak, one closed-loop client each.</summary>
    public int SoakStreams { get; init; } = 200;

    public TimeSpan SoakDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the soak samples the process's memory.</summary>
    public TimeSpan MemoryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
