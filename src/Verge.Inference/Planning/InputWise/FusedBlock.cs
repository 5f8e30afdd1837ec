using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The first layers of a CNN that Fused Tile Partitioning splits into tiles (DeepThings, Zhao et al., TCAD 2018):
/// a prefix of the model, from its one image input to one feature map <see cref="Output"/> that is all the rest of
/// the model reads of it. Residual joins inside the prefix are kept (both branches are traced per tile).
/// </summary>
public sealed record FusedBlock(ModelGraph Graph, string Input, string Output, IReadOnlyList<int> Nodes)
{
    public TensorInfo InputInfo => Graph.Tensors[Input];

    public TensorInfo OutputInfo => Graph.Tensors[Output];

    /// <summary>
    /// Every feature map that can end a fused block, shallowest first: a tensor that, with the fusable prefix up to
    /// it, is the only thing the later nodes (and the model's outputs) read.
    /// </summary>
    public static IReadOnlyList<FusedBlock> Candidates(ModelGraph graph) => Candidates(graph, null);

    /// <summary>
    /// The blocks that start where <paramref name="after"/> ends (the device stitches its tiles' outputs and tiles
    /// that map again), or at the model's input when null. A chain of such blocks partitions more of the model
    /// input-wise than one block can without its halo growing over the whole map (DeepThings fuses one block,
    /// Zhao et al., TCAD 2018; MoDNN partitions every layer, Mao et al., DATE 2017).
    /// </summary>
    public static IReadOnlyList<FusedBlock> Candidates(ModelGraph graph, FusedBlock? after)
    {
        if (graph.Inputs.Count != 1 || graph.Inputs[0] is not { IsStatic: true, Shape.Length: 4 } image || image.ElementType != ElementType.Float)
            return [];
        var input = after is null ? image : after.OutputInfo;
        int first = after is null ? 0 : after.Nodes[^1] + 1;
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
            foreach (var i in n.Inputs)
                if (i.Length > 0) lastUse[i] = n.Index;
        foreach (var o in graph.Outputs) lastUse[o.Name] = int.MaxValue;

        var inBlock = new HashSet<string>(StringComparer.Ordinal) { input.Name };
        var nodes = new List<int>();
        var found = new List<FusedBlock>();
        foreach (var n in graph.Nodes.Skip(first))
        {
            var proto = graph.Proto.Graph.Node[n.Index];
            if (FusedOps.Windows(proto, graph) is null || !FusedOps.ActivationInputs(proto, graph).All(inBlock.Contains)) break;
            nodes.Add(n.Index);
            var output = proto.Output.First(o => o.Length > 0);
            inBlock.Add(output);
            // Tensors of the block that a later node or the model's output still reads.
            var live = inBlock.Where(t => lastUse.TryGetValue(t, out var last) && last > n.Index).ToList();
            if (live.Count == 1 && live[0] == output)
                found.Add(new FusedBlock(graph, input.Name, output, nodes.ToList()));
        }
        return found;
    }

    /// <summary>The block ending at <paramref name="output"/>, or the deepest one when null.</summary>
    public static FusedBlock Find(ModelGraph graph, string? output = null)
    {
        var candidates = Candidates(graph);
        if (candidates.Count == 0)
            throw new InputException($"'{graph.Source}' has no fusable convolutional front (one float NCHW input, then Conv/Pool/BatchNorm/activations); input-wise tiles need a CNN");
        if (output is null) return candidates[^1];
        return candidates.FirstOrDefault(c => c.Output == output)
            ?? throw new InputException($"'{output}' cannot end a fused tile block of '{graph.Source}'; it can end at: {string.Join(", ", candidates.Select(c => c.Output))}");
    }
}
