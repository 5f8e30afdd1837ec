using Verge.Inference.Graph;

namespace Verge.Cli.Commands;

/// <summary>The JSON shape of `verge inspect`.</summary>
internal sealed record InspectReport(
    string Model,
    IReadOnlyList<InspectReport.TensorEntry> Inputs,
    IReadOnlyList<InspectReport.TensorEntry> Outputs,
    IReadOnlyList<InspectReport.NodeEntry> Nodes,
    long ParamsTotal,
    long MacsTotal)
{
    public sealed record TensorEntry(string Name, long[] Shape, string Dtype);

    public sealed record NodeEntry(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
        long OutputBytes, long Params, long Macs);

    public static InspectReport From(ModelGraph g) => new(
        g.Source,
        g.Inputs.Select(t => new TensorEntry(t.Name, t.Shape, t.TypeName)).ToList(),
        g.Outputs.Select(t => new TensorEntry(t.Name, t.Shape, t.TypeName)).ToList(),
        g.Nodes.Select(n => new NodeEntry(n.Name, n.OpType, n.Inputs, n.Outputs, n.OutputBytes, n.Params, n.Macs)).ToList(),
        g.ParamsTotal,
        g.MacsTotal);
}
