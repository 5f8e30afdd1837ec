using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's MobileNetV2 (Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018),
/// width 1.0, eval-mode export: batch norm folded, ReLU6 as Clip(0, 6). 1×3×224×224 → 1×1000, 3.50 M parameters,
/// 0.30 G multiply-accumulates.
/// </summary>
public static class MobileNetV2
{
    public const string Name = "mobilenetv2-tv";

    /// <summary>Expansion t, output channels c, repeats n, first stride s of each stage, as in the paper's Table 2.</summary>
    private static readonly (int T, long C, int N, int S)[] Settings =
        [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("mobilenet_v2", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = b.Relu6("features.0.2", b.Conv("features.0.0", x, 32, 3, stride: 2, pad: 1));
        int index = 1;
        foreach (var (t, c, n, s) in Settings)
            for (int i = 0; i < n; i++)
                x = InvertedResidual(b, $"features.{index++}", x, c, i == 0 ? s : 1, t);
        x = b.Relu6($"features.{index}.2", b.Conv($"features.{index}.0", x, 1280, 1));
        x = b.Flatten("flatten", b.GlobalAveragePool("avgpool", x));
        b.Output(b.Gemm("classifier.1", x, 1000), "output");
        return b.Build("MobileNetV2 1.0 (torchvision topology, BN folded, seeded weights)");
    }

    private static TensorRef InvertedResidual(OnnxBuilder b, string name, TensorRef x, long outChannels, int stride, int expand)
    {
        var y = x;
        int layer = 0;
        if (expand != 1)
        {
            y = b.Relu6($"{name}.conv.{layer}.2", b.Conv($"{name}.conv.{layer}.0", y, x[1] * expand, 1));
            layer++;
        }
        y = b.Relu6($"{name}.conv.{layer}.2", b.DepthwiseConv($"{name}.conv.{layer}.0", y, 3, stride, pad: 1));
        y = b.Conv($"{name}.conv.{layer + 1}", y, outChannels, 1);
        return stride == 1 && x[1] == outChannels ? b.Add($"{name}.add", x, y) : y;
    }
}
