namespace Verge.Inference.Runtime;

/// <summary>
/// What one model costs on one host, node by node. <see cref="WholeMs"/> is the whole model timed with the same
/// session settings the nodes were attributed under (graph optimisations off, one kernel per ONNX node), so
/// <see cref="SumNodeMs"/> and <see cref="WholeMs"/> compare like with like; <see cref="OptimizedMs"/> is the same model
/// with ONNX Runtime's full optimisations (fusion, layout changes), the latency a deployment would see.
/// </summary>
public sealed record ModelProfile(
    string Model,
    int Runs,
    int Threads,
    double WholeMs,
    double OptimizedMs,
    IReadOnlyList<NodeTiming> Nodes)
{
    /// <summary>The execution provider the times were measured on ("cpu", "cuda").</summary>
    public string Provider { get; init; } = ExecutionProviders.Cpu;

    public double SumNodeMs => Nodes.Sum(n => n.Ms);

    /// <summary>Factor that maps attributed node times to optimised latency (≤ 1 where fusion helps).</summary>
    public double OptimizedScale => WholeMs > 0 ? OptimizedMs / WholeMs : 1.0;
}
