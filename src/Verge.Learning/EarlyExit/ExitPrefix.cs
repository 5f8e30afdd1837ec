using Google.Protobuf;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;

namespace Verge.Learning.EarlyExit;

/// <summary>
/// The part of a multi-exit ONNX model that a sample leaving at one exit runs: the graph cut down to outputs
/// exit1..exit i and the nodes they need (a stage from the model's inputs to those outputs). Timing these prefixes
/// gives each exit's latency.
/// </summary>
public static class ExitPrefix
{
    public static byte[] Extract(ModelGraph graph, IReadOnlyList<string> keepOutputs) =>
        SubmodelExtractor.Extract(graph, new StageSpec(graph.Inputs.Select(i => i.Name).ToList(), keepOutputs), "exit prefix")
            .Model.ToByteArray();
}
