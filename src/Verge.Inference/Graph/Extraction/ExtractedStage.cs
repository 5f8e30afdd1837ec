using Onnx;

namespace Verge.Inference.Graph.Extraction;

/// <summary>A standalone ONNX model for one stage, the original nodes it runs, and the names it takes and emits.</summary>
public sealed record ExtractedStage(ModelProto Model, IReadOnlyList<string> NodeNames, StageSpec Spec)
{
    public IReadOnlyList<string> Inputs => Spec.Inputs;
    public IReadOnlyList<string> Outputs => Spec.Outputs;
}
