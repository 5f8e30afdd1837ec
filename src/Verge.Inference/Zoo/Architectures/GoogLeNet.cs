using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's GoogLeNet (Szegedy et al., "Going Deeper with Convolutions", CVPR 2015) in eval mode: no auxiliary
/// classifiers, batch norm folded, and torchvision's 3×3 (not 5×5) convolution in the third inception branch.
/// Each inception block runs four parallel branches into a Concat. 1×3×224×224 → 1×1000, 6.62 M parameters,
/// 1.50 G multiply-accumulates.
/// </summary>
public static class GoogLeNet
{
    public const string Name = "googlenet-tv";

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("googlenet", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = ConvRelu(b, "conv1", x, 64, 7, stride: 2, pad: 3);
        x = b.MaxPool("maxpool1", x, 3, 2, ceilMode: true);
        x = ConvRelu(b, "conv2", x, 64, 1);
        x = ConvRelu(b, "conv3", x, 192, 3, pad: 1);
        x = b.MaxPool("maxpool2", x, 3, 2, ceilMode: true);
        x = Inception(b, "inception3a", x, 64, 96, 128, 16, 32, 32);
        x = Inception(b, "inception3b", x, 128, 128, 192, 32, 96, 64);
        x = b.MaxPool("maxpool3", x, 3, 2, ceilMode: true);
        x = Inception(b, "inception4a", x, 192, 96, 208, 16, 48, 64);
        x = Inception(b, "inception4b", x, 160, 112, 224, 24, 64, 64);
        x = Inception(b, "inception4c", x, 128, 128, 256, 24, 64, 64);
        x = Inception(b, "inception4d", x, 112, 144, 288, 32, 64, 64);
        x = Inception(b, "inception4e", x, 256, 160, 320, 32, 128, 128);
        x = b.MaxPool("maxpool4", x, 2, 2, ceilMode: true);
        x = Inception(b, "inception5a", x, 256, 160, 320, 32, 128, 128);
        x = Inception(b, "inception5b", x, 384, 192, 384, 48, 128, 128);
        x = b.Flatten("flatten", b.GlobalAveragePool("avgpool", x));
        b.Output(b.Gemm("fc", x, 1000), "output");
        return b.Build("GoogLeNet (torchvision topology, eval mode, BN folded, seeded weights)");
    }

    private static TensorRef ConvRelu(OnnxBuilder b, string name, TensorRef x, long channels, int kernel, int stride = 1, int pad = 0) =>
        b.Relu($"{name}.relu", b.Conv($"{name}.conv", x, channels, kernel, stride, pad));

    private static TensorRef Inception(OnnxBuilder b, string name, TensorRef x, long ch1x1, long ch3x3Reduce, long ch3x3,
        long ch5x5Reduce, long ch5x5, long poolProjection)
    {
        var b1 = ConvRelu(b, $"{name}.branch1", x, ch1x1, 1);
        var b2 = ConvRelu(b, $"{name}.branch2.1", ConvRelu(b, $"{name}.branch2.0", x, ch3x3Reduce, 1), ch3x3, 3, pad: 1);
        var b3 = ConvRelu(b, $"{name}.branch3.1", ConvRelu(b, $"{name}.branch3.0", x, ch5x5Reduce, 1), ch5x5, 3, pad: 1);
        var b4 = ConvRelu(b, $"{name}.branch4.1", b.MaxPool($"{name}.branch4.0", x, 3, 1, pad: 1, ceilMode: true), poolProjection, 1);
        return b.Concat($"{name}.concat", [b1, b2, b3, b4]);
    }
}
