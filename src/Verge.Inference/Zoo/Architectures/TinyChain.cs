using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Zoo.Architectures;

/// <summary>A small chain for fast tests: conv/relu/pool ×2 → flatten → gemm, 1×3×32×32 → 1×10.</summary>
public static class TinyChain
{
    public const string Name = "tiny-chain";

    public static ModelProto Build(int seed = 1)
    {
        var b = new OnnxBuilder("tiny_chain", seed);
        var x = b.Input("input", 1, 3, 32, 32);
        x = b.MaxPool("pool1", b.Relu("relu1", b.Conv("conv1", x, 8, 3, pad: 1)), 2, 2);
        x = b.MaxPool("pool2", b.Relu("relu2", b.Conv("conv2", x, 16, 3, pad: 1)), 2, 2);
        x = b.Flatten("flatten", x);
        b.Output(b.Gemm("fc", x, 10), "output");
        return b.Build("tiny chain test model (seeded weights)");
    }
}
