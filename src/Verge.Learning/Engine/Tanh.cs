using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>tanh(x); the gradient is (1 − y²)·dy. The bounded activation that suits DP-SGD (Papernot et al., AAAI 2021).</summary>
public sealed class Tanh : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        var y = Tensor.Reuse(ref _out, x.Shape);
        TensorPrimitives.Tanh(x.Data, y.Data);
        y.SetOrigin(() =>
        {
            var (dy, dx, yd) = (y.Grad!, x.Grad!, y.Data);
            for (int i = 0; i < dx.Length; i++) dx[i] += (1f - yd[i] * yd[i]) * dy[i];
        }, x);
        return y;
    }
}
