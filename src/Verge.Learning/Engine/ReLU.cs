using System.Numerics.Tensors;
using Verge.Learning.Export;

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
            Parallelism.For(Chunks(dx.Length), 16_384, c =>
            {
                int end = Math.Min(dx.Length, (c + 1) * 16_384);
                for (int i = c * 16_384; i < end; i++)
                    if (yd[i] > 0f) dx[i] += dy[i];
            });
        }, x);
        return y;
    }

    private static int Chunks(int length) => (length + 16_383) / 16_384;

    public override string ToOnnx(OnnxGraphBuilder graph, string input) => graph.Node("Relu", [input]);
}
