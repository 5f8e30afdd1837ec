using Onnx;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Peak activation memory of a graph run node by node in its order: at each node, the bytes of every tensor already
/// made (or fed) and still to be read, plus the node's outputs. Weights are not counted. This is the footprint a
/// runtime that frees each tensor after its last reader needs, and what DeepThings' tiles reduce per device.
/// </summary>
public static class ActivationMemory
{
    public static long Peak(GraphProto graph, Func<string, long> bytes)
    {
        var weights = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < graph.Node.Count; k++)
            foreach (var i in graph.Node[k].Input)
                if (i.Length > 0 && !weights.Contains(i)) lastUse[i] = k;
        foreach (var o in graph.Output) lastUse[o.Name] = int.MaxValue;

        var live = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var i in graph.Input.Where(i => !weights.Contains(i.Name))) live[i.Name] = bytes(i.Name);
        long peak = live.Values.Sum();
        for (int k = 0; k < graph.Node.Count; k++)
        {
            foreach (var o in graph.Node[k].Output)
                if (o.Length > 0) live[o] = bytes(o);
            peak = Math.Max(peak, live.Values.Sum());
            foreach (var t in live.Keys.Where(t => !lastUse.TryGetValue(t, out var last) || last <= k).ToList())
                live.Remove(t);
        }
        return peak;
    }
}
