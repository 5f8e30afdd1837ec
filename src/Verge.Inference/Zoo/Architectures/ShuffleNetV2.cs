using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's ShuffleNetV2 x1.0 (Ma et al., "ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture
/// Design", ECCV 2018), eval-mode export with batch norm folded: channel split (Split), branch, Concat, then the
/// channel shuffle as Reshape → Transpose → Reshape. 1×3×224×224 → 1×1000, 2.28 M parameters, 0.146 G
/// multiply-accumulates.
/// </summary>
public static class ShuffleNetV2
{
    public const string Name = "shufflenetv2-tv";

    private static readonly (int Repeats, long Channels)[] Stages = [(4, 116), (8, 232), (4, 464)];

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("shufflenet_v2_x1_0", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = b.Relu("conv1.2", b.Conv("conv1.0", x, 24, 3, stride: 2, pad: 1));
        x = b.MaxPool("maxpool", x, 3, 2, pad: 1);
        for (int s = 0; s < Stages.Length; s++)
            for (int i = 0; i < Stages[s].Repeats; i++)
                x = Unit(b, $"stage{s + 2}.{i}", x, Stages[s].Channels, i == 0 ? 2 : 1);
        x = b.Relu("conv5.2", b.Conv("conv5.0", x, 1024, 1));
        x = b.Flatten("flatten", b.GlobalAveragePool("mean", x));
        b.Output(b.Gemm("fc", x, 1000), "output");
        return b.Build("ShuffleNetV2 x1.0 (torchvision topology, BN folded, seeded weights)");
    }

    private static TensorRef Unit(OnnxBuilder b, string name, TensorRef x, long outChannels, int stride)
    {
        long half = outChannels / 2;
        TensorRef left, right;
        if (stride == 1)
        {
            var parts = b.Split($"{name}.split", x, 1, x[1] / 2, x[1] / 2);
            left = parts[0];
            right = Branch2(b, $"{name}.branch2", parts[1], half, 1);
        }
        else
        {
            left = b.DepthwiseConv($"{name}.branch1.0", x, 3, stride, pad: 1);
            left = b.Relu($"{name}.branch1.4", b.Conv($"{name}.branch1.2", left, half, 1));
            right = Branch2(b, $"{name}.branch2", x, half, stride);
        }
        var joined = b.Concat($"{name}.concat", [left, right]);
        return ChannelShuffle(b, $"{name}.shuffle", joined, 2);
    }

    private static TensorRef Branch2(OnnxBuilder b, string name, TensorRef x, long width, int stride)
    {
        var y = b.Relu($"{name}.2", b.Conv($"{name}.0", x, width, 1));
        y = b.DepthwiseConv($"{name}.3", y, 3, stride, pad: 1);
        return b.Relu($"{name}.7", b.Conv($"{name}.5", y, width, 1));
    }

    /// <summary>view(n, g, c/g, h, w) → transpose(1, 2) → view(n, c, h, w), as torchvision's channel_shuffle.</summary>
    private static TensorRef ChannelShuffle(OnnxBuilder b, string name, TensorRef x, long groups)
    {
        var y = b.Reshape($"{name}.view1", x, x[0], groups, x[1] / groups, x[2], x[3]);
        y = b.Transpose($"{name}.transpose", y, 0, 2, 1, 3, 4);
        return b.Reshape($"{name}.view2", y, x[0], x[1], x[2], x[3]);
    }
}
