using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Inference.Graph;
using Verge.Learning.EarlyExit;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;

namespace Verge.Learning.Tests.EarlyExit;

public sealed class ExitPrefixTests
{
    [Fact]
    public void APrefixRunsOnlyWhatItsExitsNeedAndGivesTheSameLogits()
    {
        var model = BranchyZoo.Create("branchy-lenet5", seed: 1);
        var whole = BranchyExporter.Export(model);
        var graph = ModelGraph.FromProto(whole, "branchy-lenet5");
        var prefix = ModelProto.Parser.ParseFrom(ExitPrefix.Extract(graph, ["exit1"]));

        Assert.Equal(["exit1"], prefix.Graph.Output.Select(o => o.Name));
        Assert.True(prefix.Graph.Node.Count < whole.Graph.Node.Count, $"{prefix.Graph.Node.Count} of {whole.Graph.Node.Count} nodes");
        Assert.DoesNotContain(prefix.Graph.Node, n => n.Output.Contains("final"));

        var image = Enumerable.Range(0, 28 * 28).Select(i => (i % 17) / 17f).ToArray();
        float[] Exit1(ModelProto m)
        {
            using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(m));
            using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 1, 28, 28]);
            using var outputs = session.Run(new RunOptions(), ["input"], [input], ["exit1"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        Assert.Equal(Exit1(whole), Exit1(prefix));
    }
}
