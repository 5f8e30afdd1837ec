using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>y = c·x: puts a decoder's input on the scale the attacker uses (its inputs rescaled by the known noise level).</summary>
internal sealed class Scale(float factor) : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        var y = Tensor.Reuse(ref _out, x.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Data, factor, y.Data);
        y.SetOrigin(() => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(y.Grad!, factor, x.Grad!, x.Grad!), x);
        return y;
    }
}
