using Verge.Inference.Graph.Building;
using Verge.Learning.Engine;

namespace Verge.Learning.Export;

/// <summary>
/// ONNX has GroupNormalization only from opset 18 (and redefined it in 21); Verge writes opset 13, so group norm
/// becomes the classic decomposition: Reshape [N, C, H, W] → [N, G, C/G·H·W], InstanceNormalization with unit scale
/// and zero bias (one mean and variance per example and group), Reshape back, then Mul by γ and Add β as [C, 1, 1].
/// </summary>
internal static class GroupNormWriter
{
    public static TensorRef Write(ModuleWriter writer, GroupNorm layer, TensorRef x, string name)
    {
        var b = writer.Builder;
        long groups = layer.Groups;
        var grouped = b.Reshape($"{name}.group", x, 0, groups, -1);
        var ones = b.Constant($"{name}.ones", [groups], Enumerable.Repeat(1f, layer.Groups).ToArray());
        var zeros = b.Constant($"{name}.zeros", [groups], new float[layer.Groups]);
        var normalised = b.InstanceNormalization($"{name}.norm", grouped, ones, zeros, layer.Epsilon);
        var back = b.Reshape($"{name}.ungroup", normalised, x.Shape.Select((d, i) => i == 0 ? 0 : d).ToArray());
        long[] perChannel = [layer.Channels, .. Enumerable.Repeat(1L, x.Shape.Length - 2)];
        var scale = b.Reshape($"{name}.weight", writer.Weight(layer.Scale), perChannel);
        var shift = b.Reshape($"{name}.bias", writer.Weight(layer.Shift), perChannel);
        return b.Add(name, b.Mul($"{name}.scaled", back, scale), shift);
    }
}
