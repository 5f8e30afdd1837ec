using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>[N, C, H, W] → [N, C, 1, 1], the mean of each plane (ONNX GlobalAveragePool).</summary>
public sealed class GlobalAvgPool : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], hw = x.Shape[2] * x.Shape[3];
        var y = Tensor.Reuse(ref _out, n, c, 1, 1);
        for (int plane = 0; plane < n * c; plane++)
            y.Data[plane] = TensorPrimitives.Sum(x.Data.AsSpan(plane * hw, hw)) / hw;
        y.SetOrigin(() =>
        {
            var (dy, dx) = (y.Grad!, x.Grad!);
            for (int plane = 0; plane < n * c; plane++)
            {
                var span = dx.AsSpan(plane * hw, hw);
                TensorPrimitives.Add(span, dy[plane] / hw, span);
            }
        }, x);
        return y;
    }
}
