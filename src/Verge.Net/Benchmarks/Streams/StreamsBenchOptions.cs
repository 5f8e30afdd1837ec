namespace Verge.Net.Benchmarks.Streams;

/// <summary>Sizes of <c>verge bench streams</c>; the defaults are the documented run, tests shrink them.</summary>
public sealed record StreamsBenchOptions
{
    /// <summary>The ONNX classifier on the edge server (a Fashion-MNIST model; the CLI resolves zoo:lenet5).</summary>
    public required string ModelPath { get; init; }

    /// <summary>ONNX models of the knob allocation's variant family, name → path (cheapest to best, any order).</summary>
    public IReadOnlyDictionary<string, string> Variants { get; init; } = new Dictionary<string, string>();

    public string? DataDirectory { get; init; }
    public int Seed { get; init; } = 1;

    /// <summary>Frames of each evaluated stream and of each held-out calibration stream.</summary>
    public int Frames { get; init; } = 9000;

    /// <summary>Accuracy a reuse gate may lose on the held-out frames (calibration target; acceptance allows 1 point).</summary>
    public double MaxDrop { get; init; } = 0.005;

    /// <summary>Stream counts of the knob allocation study.</summary>
    public IReadOnlyList<int> StreamCounts { get; init; } = [4, 8, 12, 16];

    /// <summary>Frames of each allocation stream's profiling window.</summary>
    public int ProfileFrames { get; init; } = 900;

    /// <summary>Profiling windows of each allocation stream that the periodic scheduler lives (the first only profiled).</summary>
    public int AllocationWindows { get; init; } = 8;

    /// <summary>Knob sets of the allocation study (<see cref="AllocationStudy.ModelKnobs"/>, <see cref="AllocationStudy.IssueKnobs"/>).</summary>
    public IReadOnlyList<string> AllocationKnobSets { get; init; } = [AllocationStudy.ModelKnobs, AllocationStudy.IssueKnobs];

    /// <summary>Stream mixes of the allocation study (<see cref="AllocationStudy.Stationary"/>, <see cref="AllocationStudy.Changing"/>).</summary>
    public IReadOnlyList<string> AllocationMixes { get; init; } = [AllocationStudy.Stationary, AllocationStudy.Changing];

    /// <summary>The early-exit model of the issue's knob set (the CLI resolves zoo:branchy-lenet5) and its exit thresholds
    /// (largest softmax probability), one variant each.</summary>
    public string? ExitModelPath { get; init; }
    public IReadOnlyList<double> ExitThresholds { get; init; } = [0.9, 0.99];

    /// <summary>Epochs of the low-resolution variant (<see cref="LowResolutionVariant"/>) on <see cref="TrainLimit"/> images.</summary>
    public int LowResolutionEpochs { get; init; } = 3;

    /// <summary>Training images and epochs of the shared-stem study's backbone and heads (0: all 60 000).</summary>
    public int TrainLimit { get; init; } = 20000;
    public int BackboneEpochs { get; init; } = 3;
    public int HeadEpochs { get; init; } = 2;

    /// <summary>Test images the stems are scored on (0: all 10 000) and frames timed for their throughput.</summary>
    public int TestLimit { get; init; }
    public int TimedFrames { get; init; } = 2048;

    /// <summary>Frames of Precog's drifting stream, and the epochs of each specialised model.</summary>
    public int PrecogFrames { get; init; } = 6000;
    public int PrecogEpochs { get; init; } = 2;

    public int Threads { get; init; } = 1;
}
