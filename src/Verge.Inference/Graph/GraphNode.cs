namespace Verge.Inference.Graph;

/// <summary>
/// One operator of a model in topological order, with what it costs: the weights it owns and the
/// multiply-accumulates it performs (see <see cref="MacCounter"/>).
/// </summary>
public sealed record GraphNode(
    int Index,
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    long Params,
    long Macs,
    long OutputBytes);
