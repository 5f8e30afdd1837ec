using Google.Protobuf;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Learning.EarlyExit;

namespace Verge.Net.Exits;

/// <summary>
/// Cuts a model with early exits (outputs exit1, …, final) into one stage per exit: a node runs at the first tier
/// whose exit needs it, so tier k computes exit k and whatever of the trunk only later exits need stays above it.
/// </summary>
public static class ExitStages
{
    public static IReadOnlyList<ExitStage> Split(ModelGraph graph)
    {
        var exits = ExitCosts.ExitOutputs(graph);
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
            foreach (var output in node.Outputs) producer[output] = node.Index;

        var tierOf = Enumerable.Repeat(int.MaxValue, graph.Nodes.Count).ToArray();
        for (int k = exits.Count - 1; k >= 0; k--)
        {
            var stack = new Stack<string>([exits[k]]);
            var seen = new HashSet<int>();
            while (stack.Count > 0)
                if (producer.TryGetValue(stack.Pop(), out var i) && seen.Add(i))
                {
                    tierOf[i] = Math.Min(tierOf[i], k);
                    foreach (var input in graph.Nodes[i].Inputs) stack.Push(input);
                }
        }

        int TierOfTensor(string t) => producer.TryGetValue(t, out var i) ? tierOf[i] : -1; // model inputs: below the device
        // Tensors made at tier ≤ k that a node above k reads (initializers are inside each stage's model).
        List<string> Crossing(int k)
        {
            var result = new List<string>();
            foreach (var node in graph.Nodes)
                if (tierOf[node.Index] > k && tierOf[node.Index] != int.MaxValue)
                    foreach (var t in node.Inputs)
                        if (!graph.Initializers.Contains(t) && (producer.ContainsKey(t) || graph.Inputs.Any(x => x.Name == t))
                            && TierOfTensor(t) <= k && !result.Contains(t))
                            result.Add(t);
            return result;
        }

        var stages = new List<ExitStage>();
        IReadOnlyList<string> inputs = graph.Inputs.Select(i => i.Name).ToList();
        for (int k = 0; k < exits.Count; k++)
        {
            var continuing = k + 1 < exits.Count ? Crossing(k) : [];
            var model = SubmodelExtractor.Extract(graph, new StageSpec(inputs, [exits[k], .. continuing]), $"tier{k + 1}");
            stages.Add(new ExitStage(exits[k], inputs, continuing, model.Model.ToByteArray()));
            inputs = continuing;
        }
        return stages;
    }
}
