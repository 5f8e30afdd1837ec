namespace Verge.Inference.Graph.Cuts;

/// <summary>
/// Every cut along a graph's topological order, from "before everything" to "after everything", with the tensors
/// that cross it, their bytes, and the MACs on each side. Positions whose crossing set repeats an earlier one
/// (only possible around dead nodes) are dropped.
/// </summary>
public static class CutEnumerator
{
    public static IReadOnlyList<Cut> Enumerate(ModelGraph graph)
    {
        var flow = new DataFlow(graph);
        var nodes = graph.Nodes;
        long total = graph.MacsTotal, head = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cuts = new List<Cut>();
        for (int p = -1; p < nodes.Count; p++)
        {
            if (p >= 0) head += nodes[p].Macs;
            var crossing = flow.CrossingAfter(p);
            if (!seen.Add(string.Join('\n', crossing))) continue;
            cuts.Add(new Cut(cuts.Count, p, crossing, crossing.Sum(flow.Bytes), head, total - head));
        }
        return cuts;
    }
}
