using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>Element-wise sum of two same-shaped tensors (the join of a residual block).</summary>
public sealed class Add : Module
{
    private Tensor? _out;

    public Tensor Forward(Tensor a, Tensor b)
    {
        if (!a.HasShape(b.Shape)) throw new ArgumentException($"Add needs equal shapes, got {a} and {b}");
        var y = Tensor.Reuse(ref _out, a.Shape);
        TensorPrimitives.Add(a.Data, b.Data, y.Data);
        y.SetOrigin(() =>
        {
            if (a.RequiresGrad) TensorPrimitives.Add(a.Grad!, y.Grad!, a.Grad!);
            if (b.RequiresGrad) TensorPrimitives.Add(b.Grad!, y.Grad!, b.Grad!);
        }, a, b);
        return y;
    }
}
