using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>
/// A small DAG for fast tests: a stem, two residual blocks (Add), and an inception-like block of three parallel
/// branches into a Concat; 1×3×32×32 → 1×10.
/// </summary>
public static class TinyDag
{
    public const string Name = "tiny-dag";

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("tiny_dag", seed);
        var x = b.Input("input", 1, 3, 32, 32);
        x = b.MaxPool("stem.pool", b.Relu("stem.relu", b.Conv("stem.conv", x, 16, 3, pad: 1)), 2, 2);
        for (int i = 1; i <= 2; i++)
        {
            var y = b.Relu($"block{i}.relu1", b.Conv($"block{i}.conv1", x, 16, 3, pad: 1));
            y = b.Conv($"block{i}.conv2", y, 16, 3, pad: 1);
            x = b.Relu($"block{i}.relu2", b.Add($"block{i}.add", y, x));
        }
        var b1 = b.Relu("mixed.branch1.relu", b.Conv("mixed.branch1.conv", x, 8, 1));
        var b2 = b.Relu("mixed.branch2.relu0", b.Conv("mixed.branch2.conv0", x, 8, 1));
        b2 = b.Relu("mixed.branch2.relu1", b.Conv("mixed.branch2.conv1", b2, 16, 3, pad: 1));
        var b3 = b.Relu("mixed.branch3.relu", b.Conv("mixed.branch3.conv", b.MaxPool("mixed.branch3.pool", x, 3, 1, pad: 1), 8, 1));
        x = b.Concat("mixed.concat", [b1, b2, b3]);
        x = b.Flatten("flatten", b.GlobalAveragePool("avgpool", x));
        b.Output(b.Gemm("fc", x, 10), "output");
        return b.Build("tiny DAG test model: residual blocks and a concat block (seeded weights)");
    }
}
