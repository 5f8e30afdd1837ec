namespace Verge.Learning.Engine;

/// <summary>A module with one input and one output (its ONNX form is Export's business: <c>ModuleWriter</c>).</summary>
public abstract class Layer : Module
{
    public abstract Tensor Forward(Tensor x);
}
