using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Graph.Extraction;

/// <summary>
/// Cuts a model into standalone stage models. A stage holds exactly the nodes needed to compute its outputs from its
/// inputs (walking back from the outputs and stopping at the inputs), the weights those nodes read, and typed inputs and
/// outputs, so that running the stages in order reproduces the whole model's outputs.
/// </summary>
public static class SubmodelExtractor
{
    /// <summary>k cuts (each a set of tensor names) give k+1 stages: model inputs → cut 1 → … → cut k → model outputs.</summary>
    public static IReadOnlyList<ExtractedStage> Split(ModelGraph graph, IReadOnlyList<IReadOnlyList<string>> cuts)
    {
        var boundaries = new List<IReadOnlyList<string>> { graph.Inputs.Select(i => i.Name).ToList() };
        boundaries.AddRange(cuts);
        boundaries.Add(graph.Outputs.Select(o => o.Name).ToList());
        var stages = new List<ExtractedStage>();
        for (int i = 0; i + 1 < boundaries.Count; i++)
            stages.Add(Extract(graph, new StageSpec(boundaries[i], boundaries[i + 1]), $"stage {i + 1} of {boundaries.Count - 1}"));
        return stages;
    }

    public static ExtractedStage Extract(ModelGraph graph, StageSpec spec, string label = "stage")
    {
        foreach (var t in spec.Inputs.Concat(spec.Outputs))
            if (!graph.Tensors.ContainsKey(t) || graph.Initializers.Contains(t))
                throw new InputException($"{label}: '{t}' is not an activation tensor of '{graph.Source}'; list valid cut tensors with 'verge cuts {graph.Source}'");

        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
            foreach (var o in n.Outputs)
                if (o.Length > 0) producer[o] = n.Index;

        var available = new HashSet<string>(spec.Inputs, StringComparer.Ordinal);
        var upstream = Ancestors(graph, producer, spec.Inputs);
        var needed = new SortedSet<int>();
        var stack = new Stack<string>(spec.Outputs.Where(o => !available.Contains(o)));
        var modelInputs = graph.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (available.Contains(t) || graph.Initializers.Contains(t) || t.Length == 0) continue;
            if (!producer.TryGetValue(t, out var p))
            {
                var why = modelInputs.Contains(t) ? $"model input '{t}'" : $"tensor '{t}'";
                throw new InputException($"{label}: its outputs depend on {why}, which does not cross into the stage; add it to the cut before this stage");
            }
            if (upstream.Contains(p))
                throw new InputException($"{label}: its outputs need tensor '{t}', which is computed before the stage's inputs but does not cross into the stage; add it to the cut before this stage");
            if (!needed.Add(p)) continue;
            foreach (var i in graph.Nodes[p].Inputs)
                stack.Push(i);
            foreach (var i in SubgraphReads(graph.Proto.Graph.Node[p]))
                stack.Push(i);
        }

        var source = graph.Proto.Graph;
        var g = new GraphProto { Name = $"{source.Name}:{label}" };
        var weights = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in needed)
        {
            var node = source.Node[index];
            g.Node.Add(node.Clone());
            foreach (var i in node.Input.Concat(SubgraphReads(node)))
                if (graph.Initializers.Contains(i)) weights.Add(i);
        }
        g.Initializer.AddRange(source.Initializer.Where(w => weights.Contains(w.Name)).Select(w => w.Clone()));
        foreach (var t in spec.Inputs)
            g.Input.Add(Typed(graph.Tensors[t]));
        foreach (var t in spec.Outputs)
            g.Output.Add(Typed(graph.Tensors[t]));
        var model = new ModelProto
        {
            IrVersion = graph.Proto.IrVersion,
            ProducerName = "verge split",
            Graph = g,
        };
        model.OpsetImport.AddRange(graph.Proto.OpsetImport.Select(o => o.Clone()));
        return new ExtractedStage(model, needed.Select(i => graph.Nodes[i].Name).ToList(), spec);
    }

    /// <summary>Nodes that produce the given tensors, and everything those nodes depend on.</summary>
    private static HashSet<int> Ancestors(ModelGraph graph, Dictionary<string, int> producer, IEnumerable<string> tensors)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<string>(tensors);
        while (stack.Count > 0)
            if (producer.TryGetValue(stack.Pop(), out var p) && seen.Add(p))
                foreach (var i in graph.Nodes[p].Inputs)
                    stack.Push(i);
        return seen;
    }

    private static ValueInfoProto Typed(TensorInfo t) => OnnxProtos.Value(t.Name, t.ElementType, t.Shape);

    /// <summary>Outer tensors read from inside control-flow subgraphs (If/Loop/Scan bodies).</summary>
    private static IEnumerable<string> SubgraphReads(NodeProto node)
    {
        foreach (var a in node.Attribute)
        {
            var graphs = a.G is not null ? [a.G] : a.Graphs.ToArray();
            foreach (var sub in graphs)
            {
                var local = sub.Node.SelectMany(n => n.Output).Concat(sub.Input.Select(i => i.Name))
                    .Concat(sub.Initializer.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
                foreach (var n in sub.Node)
                    foreach (var i in n.Input.Concat(SubgraphReads(n)))
                        if (i.Length > 0 && !local.Contains(i)) yield return i;
            }
        }
    }
}
