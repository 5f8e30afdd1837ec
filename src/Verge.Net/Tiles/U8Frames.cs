using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Stages;

namespace Verge.Net.Tiles;

/// <summary>
/// A spec's frames when its input is declared a camera's 8-bit image (<c>app.input_format</c>): seeded random bytes
/// (<c>app.input: random</c>) or zeros; and what the latency model charges per value on the radio for them
/// (<see cref="RadioValueBytes"/>: 1 byte for the frame, each map that can end a block at the zero-bitmap ratio of its
/// zero share, measured by running the model's front once on the spec's first frame).
/// </summary>
public static class U8Frames
{
    public static Func<int, byte[]> Create(string source, TensorInfo input)
    {
        long size = input.Elements;
        return source == "zeros" ? _ => new byte[size] : frame =>
        {
            var bytes = new byte[size];
            new Random(HashCode.Combine(input.Name.Length, frame, 17)).NextBytes(bytes);
            return bytes;
        };
    }

    /// <summary>The spec's declared normalisation, checked against the model's input; null when the spec declares none.</summary>
    public static ImageNormalization? Normalization(DeploymentSpec spec, ModelGraph graph)
    {
        if (spec.App.U8Input is not { } u8) return null;
        var norm = ImageNormalization.From(u8);
        norm.Check(graph.Inputs[0], graph.Source);
        return norm;
    }

    /// <summary>The input-wise planner's bytes per value for the spec, or null (float32) when it declares no 8-bit input.</summary>
    public static RadioValueBytes? PlannerBytes(DeploymentSpec spec, ModelGraph graph)
    {
        if (Normalization(spec, graph) is not { } norm) return null;
        var input = graph.Inputs[0];
        var image = norm.Normalize(Create(spec.App.Input, input)(0), input.Shape[1], input.Shape[2] * input.Shape[3]);
        return new RadioValueBytes(input.Name, ZeroShares(graph, image));
    }

    /// <summary>Share of exact zeros in every map that can end a fused block (up to <paramref name="maxBlocks"/> deep), for <paramref name="image"/>.</summary>
    public static Dictionary<string, double> ZeroShares(ModelGraph graph, float[] image, int maxBlocks = 6)
    {
        var ends = new Dictionary<string, FusedBlock>(StringComparer.Ordinal);
        var frontier = new List<FusedBlock?> { null };
        for (int depth = 0; depth < maxBlocks && frontier.Count > 0; depth++)
        {
            var next = new List<FusedBlock?>();
            foreach (var after in frontier)
                foreach (var block in FusedBlock.Candidates(graph, after))
                    if (ends.TryAdd(block.Output, block)) next.Add(block);
            frontier = next;
        }
        if (ends.Count == 0) return [];
        var input = graph.Inputs[0];
        var stage = SubmodelExtractor.Extract(graph, new StageSpec([input.Name], ends.Keys.ToList()), "zero shares");
        using var session = new StageSession(Google.Protobuf.MessageExtensions.ToByteArray(stage.Model), stage.Inputs, stage.Outputs);
        return session.Run([new Wire.FloatTensor(input.Name, input.Shape, image)]).ToDictionary(t => t.Name, t => ZeroBitmap.ZeroShare(t.Data), StringComparer.Ordinal);
    }
}
