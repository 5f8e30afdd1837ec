using Verge.Inference.Runtime;

namespace Verge.Cli.Commands;

/// <summary>The JSON shape of `verge profile`.</summary>
internal sealed record ProfileReport(
    string Model,
    int Runs,
    int Threads,
    double WholeMs,
    double SumNodeMs,
    double OptimizedMs,
    IReadOnlyList<ProfileReport.NodeEntry> Nodes,
    string Provider)
{
    public sealed record NodeEntry(string Name, string Op, double Ms, long OutputBytes);

    public static ProfileReport From(ModelProfile p) => new(
        p.Model, p.Runs, p.Threads, Math.Round(p.WholeMs, 4), Math.Round(p.SumNodeMs, 4), Math.Round(p.OptimizedMs, 4),
        p.Nodes.Select(n => new NodeEntry(n.Name, n.OpType, Math.Round(n.Ms, 4), n.OutputBytes)).ToList(), p.Provider);
}
