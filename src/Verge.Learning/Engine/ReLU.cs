using System.Numerics;
using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>max(x, 0); the gradient passes where the output is positive.</summary>
public sealed class ReLU : Layer
{
    private Tensor? _out;

    public override Tensor Forward(Tensor x)
    {
        var y = Tensor.Reuse(ref _out, x.Shape);
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        y.SetOrigin(() =>
        {
            var dy = y.Grad!;
            var dx = x.Grad!;
            var yd = y.Data;
            Parallelism.For(Chunks(dx.Length), Chunk, c =>
            {
                int start = c * Chunk, end = Math.Min(dx.Length, start + Chunk), i = start;
                var zero = Vector<float>.Zero;
                for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var pass = Vector.GreaterThan(new Vector<float>(yd, i), zero);
                    (new Vector<float>(dx, i) + Vector.ConditionalSelect(pass, new Vector<float>(dy, i), zero)).CopyTo(dx, i);
                }
                for (; i < end; i++)
                    if (yd[i] > 0f) dx[i] += dy[i];
            });
        }, x);
        return y;
    }

    private const int Chunk = 16_384;

    private static int Chunks(int length) => (length + Chunk - 1) / Chunk;
}
