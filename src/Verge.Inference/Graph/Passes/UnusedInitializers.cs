using Onnx;

namespace Verge.Inference.Graph.Passes;

/// <summary>The clean-up after a rewrite: weights nothing reads any more go.</summary>
public static class UnusedInitializers
{
    /// <summary>Drops initializers no node or output reads, and stops listing initializers as graph inputs.</summary>
    public static void Remove(GraphProto g)
    {
        var weights = g.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var used = new HashSet<string>(g.Node.SelectMany(SubgraphAwareInputs).Concat(g.Output.Select(o => o.Name)), StringComparer.Ordinal);
        for (int i = g.Initializer.Count - 1; i >= 0; i--)
            if (!used.Contains(g.Initializer[i].Name)) g.Initializer.RemoveAt(i);
        // Old exports list weights as graph inputs too; such inputs are overridable, so ONNX Runtime neither folds
        // nor fuses through them, and a dropped weight would turn into a required input.
        foreach (var input in g.Input.Where(i => weights.Contains(i.Name)).ToList())
            g.Input.Remove(input);
    }

    private static IEnumerable<string> SubgraphAwareInputs(NodeProto n)
    {
        foreach (var i in n.Input) yield return i;
        foreach (var a in n.Attribute)
            foreach (var sub in a.G is not null ? [a.G] : a.Graphs.ToArray())
                foreach (var inner in sub.Node)
                    foreach (var i in SubgraphAwareInputs(inner))
                        yield return i;
    }
}
