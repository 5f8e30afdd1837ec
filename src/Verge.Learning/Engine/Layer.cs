using Verge.Learning.Export;

namespace Verge.Learning.Engine;

/// <summary>A module with one input and one output, that can write itself as ONNX nodes.</summary>
public abstract class Layer : Module
{
    public abstract Tensor Forward(Tensor x);

    /// <summary>Adds this layer's ONNX nodes reading <paramref name="input"/>; returns the name of its output.</summary>
    public abstract string ToOnnx(OnnxGraphBuilder graph, string input);
}
