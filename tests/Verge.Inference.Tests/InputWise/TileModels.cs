using Verge.Inference.Graph;
using Verge.Inference.Graph.Building;
using Verge.Inference.Tests.Support;
using Verge.Learning.Export;
using Verge.Learning.Models;

namespace Verge.Inference.Tests.InputWise;

/// <summary>The CNNs the tile tests split: the zoo's ResNet-style model, vgg-mini as exported untrained, and a stem with every window kind.</summary>
internal static class TileModels
{
    public static ModelGraph ResNetTiny() => TestZoo.Load("zoo:resnet-tiny");

    public static ModelGraph VggMini() => ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create("vgg-mini", seed: 3)), "vgg-mini");

    /// <summary>Strided, dilated and padded windows on an odd-sized image, a residual join between branches of different depth.</summary>
    public static ModelGraph Windows()
    {
        var b = new OnnxBuilder("windows", seed: 5);
        var x = b.Input("image", 1, 3, 37, 29);
        var a = b.Relu("stem.relu", b.BatchNormalization("stem.bn", b.Conv("stem", x, 8, kernel: 3, stride: 2, pad: 1)));
        var branch = b.Relu("branch.relu", b.Conv("branch", a, 8, kernel: 3, pad: 2, dilation: 2));
        var joined = b.Relu("join.relu", b.Add("join", a, b.Conv("branch2", branch, 8, kernel: 5, pad: 2)));
        var pooled = b.MaxPool("pool", joined, kernel: 3, stride: 2, pad: 1);
        var avg = b.AveragePool("avg", pooled, kernel: 2, stride: 1);
        var head = b.Gemm("fc", b.Flatten("flat", b.GlobalAveragePool("gap", avg)), 4);
        b.Output(head, "logits");
        return ModelGraph.FromProto(b.Build(), "windows");
    }
}
