using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's DenseNet-121 (Huang et al., "Densely Connected Convolutional Networks", CVPR 2017): every dense
/// layer reads the Concat of all earlier feature maps of its block. As in torchvision's eval-mode export, the batch
/// norms that follow a convolution (norm0, each layer's norm2) are folded into it, while the pre-activation ones
/// (each layer's norm1, the transitions' norm, norm5) stay BatchNormalization + Relu nodes.
/// 1×3×224×224 → 1×1000, 7.98 M parameters, 2.87 G multiply-accumulates.
/// </summary>
public static class DenseNet121
{
    public const string Name = "densenet121-tv";

    private const long Growth = 32, BottleneckWidth = 4 * Growth;
    private static readonly int[] BlockLayers = [6, 12, 24, 16];

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("densenet121", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = b.Relu("features.relu0", b.Conv("features.conv0", x, 64, 7, stride: 2, pad: 3));
        x = b.MaxPool("features.pool0", x, 3, 2, pad: 1);
        for (int block = 0; block < BlockLayers.Length; block++)
        {
            x = DenseBlock(b, $"features.denseblock{block + 1}", x, BlockLayers[block]);
            if (block < BlockLayers.Length - 1)
            {
                var name = $"features.transition{block + 1}";
                var y = b.Relu($"{name}.relu", b.BatchNormalization($"{name}.norm", x));
                y = b.Conv($"{name}.conv", y, x[1] / 2, 1, bias: false);
                x = b.AveragePool($"{name}.pool", y, 2, 2);
            }
        }
        x = b.Relu("features.relu5", b.BatchNormalization("features.norm5", x));
        x = b.Flatten("flatten", b.GlobalAveragePool("avgpool", x));
        b.Output(b.Gemm("classifier", x, 1000), "output");
        return b.Build("DenseNet-121 (torchvision topology, post-conv BN folded, pre-activation BN kept, seeded weights)");
    }

    private static TensorRef DenseBlock(OnnxBuilder b, string name, TensorRef x, int layers)
    {
        var features = new List<TensorRef> { x };
        for (int i = 1; i <= layers; i++)
        {
            var layer = $"{name}.denselayer{i}";
            var input = features.Count == 1 ? features[0] : b.Concat($"{layer}.concat", features);
            var y = b.Relu($"{layer}.relu1", b.BatchNormalization($"{layer}.norm1", input));
            y = b.Relu($"{layer}.relu2", b.Conv($"{layer}.conv1", y, BottleneckWidth, 1));
            features.Add(b.Conv($"{layer}.conv2", y, Growth, 3, pad: 1, bias: false));
        }
        return b.Concat($"{name}.concat", features);
    }
}
