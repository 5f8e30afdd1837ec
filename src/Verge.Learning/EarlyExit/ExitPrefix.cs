using Google.Protobuf;
using Onnx;

namespace Verge.Learning.EarlyExit;

/// <summary>
/// The part of a multi-exit ONNX model that a sample leaving at one exit runs: the graph cut down to outputs
/// exit1..exit i and the nodes they need. Timing these prefixes gives each exit's latency.
/// </summary>
public static class ExitPrefix
{
    public static byte[] Extract(ModelProto model, IReadOnlyList<string> keepOutputs)
    {
        var prefix = model.Clone();
        var graph = prefix.Graph;
        var outputs = graph.Output.Where(o => keepOutputs.Contains(o.Name)).ToList();
        graph.Output.Clear();
        graph.Output.AddRange(outputs);
        var needed = new HashSet<string>(keepOutputs, StringComparer.Ordinal);
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node.Reverse())
        {
            if (!node.Output.Any(needed.Contains)) continue;
            nodes.Add(node);
            foreach (var input in node.Input) needed.Add(input);
        }
        nodes.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var initializers = graph.Initializer.Where(i => needed.Contains(i.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
        var values = graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToList();
        graph.ValueInfo.Clear();
        graph.ValueInfo.AddRange(values);
        return prefix.ToByteArray();
    }
}
