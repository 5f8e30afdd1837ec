using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// torchvision's SqueezeNet 1.1 (Iandola et al., "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters",
/// 2016): fire modules whose 1×1 and 3×3 expand branches meet in a Concat. 1×3×224×224 → 1×1000, 1.24 M parameters,
/// 0.35 G multiply-accumulates.
/// </summary>
public static class SqueezeNet11
{
    public const string Name = "squeezenet-tv";

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("squeezenet1_1", seed);
        var x = b.Input("input", 1, 3, 224, 224);
        x = b.Relu("features.1", b.Conv("features.0", x, 64, 3, stride: 2));
        x = b.MaxPool("features.2", x, 3, 2, ceilMode: true);
        x = Fire(b, "features.3", x, 16, 64);
        x = Fire(b, "features.4", x, 16, 64);
        x = b.MaxPool("features.5", x, 3, 2, ceilMode: true);
        x = Fire(b, "features.6", x, 32, 128);
        x = Fire(b, "features.7", x, 32, 128);
        x = b.MaxPool("features.8", x, 3, 2, ceilMode: true);
        x = Fire(b, "features.9", x, 48, 192);
        x = Fire(b, "features.10", x, 48, 192);
        x = Fire(b, "features.11", x, 64, 256);
        x = Fire(b, "features.12", x, 64, 256);
        x = b.Relu("classifier.2", b.Conv("classifier.1", x, 1000, 1));
        x = b.Flatten("flatten", b.GlobalAveragePool("classifier.3", x));
        b.Output(x, "output");
        return b.Build("SqueezeNet 1.1 (torchvision topology, seeded weights)");
    }

    private static TensorRef Fire(OnnxBuilder b, string name, TensorRef x, long squeeze, long expand)
    {
        var s = b.Relu($"{name}.squeeze_activation", b.Conv($"{name}.squeeze", x, squeeze, 1));
        var e1 = b.Relu($"{name}.expand1x1_activation", b.Conv($"{name}.expand1x1", s, expand, 1));
        var e3 = b.Relu($"{name}.expand3x3_activation", b.Conv($"{name}.expand3x3", s, expand, 3, pad: 1));
        return b.Concat($"{name}.concat", [e1, e3]);
    }
}
