using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Learning.EarlyExit;

/// <summary>
/// What leaving at each exit costs, from the ONNX graph: the MACs of every node a sample that leaves at exit i
/// has run, i.e. the ancestors of exits 1..i together (a sample reaching exit 2 also ran branch 1).
/// </summary>
public sealed record ExitCosts(IReadOnlyList<string> Exits, IReadOnlyList<long> Macs)
{
    public long FullMacs => Macs[^1];

    /// <summary>The early-exit outputs (exit1, exit2, …) and "final" of a graph, in that order.</summary>
    public static IReadOnlyList<string> ExitOutputs(ModelGraph graph)
    {
        var early = graph.Outputs.Select(o => o.Name)
            .Where(n => n.StartsWith("exit", StringComparison.Ordinal) && int.TryParse(n.AsSpan(4), out _))
            .OrderBy(n => int.Parse(n.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (early.Count == 0 || graph.Outputs.All(o => o.Name != "final"))
            throw new InputException($"'{graph.Source}' has no early exits: it needs outputs exit1, exit2, …, final (train one such as branchy-lenet5)") { Term = "train one such as branchy-lenet5" };
        return [.. early, "final"];
    }

    public static ExitCosts FromGraph(ModelGraph graph)
    {
        var exits = ExitOutputs(graph);
        var producer = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
            foreach (var output in node.Outputs) producer[output] = node;
        var ran = new HashSet<int>();
        var macs = new List<long>();
        foreach (var exit in exits)
        {
            var stack = new Stack<string>([exit]);
            while (stack.Count > 0)
                if (producer.TryGetValue(stack.Pop(), out var node) && ran.Add(node.Index))
                    foreach (var input in node.Inputs) stack.Push(input);
            macs.Add(graph.Nodes.Where(n => ran.Contains(n.Index)).Sum(n => n.Macs));
        }
        return new ExitCosts(exits, macs);
    }
}
