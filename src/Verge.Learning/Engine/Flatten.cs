namespace Verge.Learning.Engine;

/// <summary>[N, d1, d2, …] → [N, d1·d2·…] (ONNX Flatten, axis 1).</summary>
public sealed class Flatten : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        var y = Tensor.Reuse(ref _out, x.Shape[0], x.Length / x.Shape[0]);
        x.Data.CopyTo(y.Data, 0);
        y.SetOrigin(() => System.Numerics.Tensors.TensorPrimitives.Add(x.Grad!, y.Grad!, x.Grad!), x);
        return y;
    }
}
