using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's ResNet-18 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) as its eval-mode
/// ONNX export looks: batch norm folded into each convolution's weights and bias. 1×3×224×224 → 1×1000,
/// 11.69 M parameters, 1.81 G multiply-accumulates.
/// </summary>
public static class ResNet18
{
    public const string Name = "resnet18-tv";

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("resnet18", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = b.Relu("relu", b.Conv("conv1", x, 64, 7, stride: 2, pad: 3));
        x = b.MaxPool("maxpool", x, 3, 2, pad: 1);

        long[] widths = [64, 128, 256, 512];
        for (int stage = 0; stage < widths.Length; stage++)
            for (int block = 0; block < 2; block++)
                x = BasicBlock(b, $"layer{stage + 1}.{block}", x, widths[stage], stage > 0 && block == 0 ? 2 : 1);

        x = b.Flatten("flatten", b.GlobalAveragePool("avgpool", x));
        b.Output(b.Gemm("fc", x, 1000), "output");
        return b.Build("ResNet-18 (torchvision topology, BN folded, seeded weights)");
    }

    private static TensorRef BasicBlock(OnnxBuilder b, string name, TensorRef x, long width, int stride)
    {
        var y = b.Relu($"{name}.relu1", b.Conv($"{name}.conv1", x, width, 3, stride, pad: 1));
        y = b.Conv($"{name}.conv2", y, width, 3, pad: 1);
        var identity = stride != 1 || x[1] != width ? b.Conv($"{name}.downsample.0", x, width, 1, stride) : x;
        return b.Relu($"{name}.relu2", b.Add($"{name}.add", y, identity));
    }
}
