using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>Joins tensors along axis 1 (channels for NCHW, features for [N, F]); the other axes must agree.</summary>
public sealed class Concat : Module
{
    private Tensor? _out;

    public Tensor Forward(params Tensor[] parts)
    {
        int n = parts[0].Shape[0];
        var shape = (int[])parts[0].Shape.Clone();
        shape[1] = parts.Sum(p => p.Shape[1]);
        int inner = parts[0].Length / (n * parts[0].Shape[1]);
        foreach (var p in parts)
            if (p.Shape[0] != n || p.Length / (n * p.Shape[1]) != inner)
                throw new ArgumentException($"Concat needs equal shapes except on axis 1, got {string.Join(", ", parts.Select(t => t.ToString()))}");
        var y = Tensor.Reuse(ref _out, shape);
        int rowOut = shape[1] * inner;
        for (int i = 0, offset = 0; i < parts.Length; offset += parts[i].Shape[1] * inner, i++)
        {
            int row = parts[i].Shape[1] * inner;
            for (int s = 0; s < n; s++)
                parts[i].Data.AsSpan(s * row, row).CopyTo(y.Data.AsSpan(s * rowOut + offset, row));
        }
        y.SetOrigin(() =>
        {
            var dy = y.Grad!;
            for (int i = 0, offset = 0; i < parts.Length; offset += parts[i].Shape[1] * inner, i++)
            {
                if (!parts[i].RequiresGrad) continue;
                int row = parts[i].Shape[1] * inner;
                var dx = parts[i].Grad!;
                for (int s = 0; s < n; s++)
                    TensorPrimitives.Add(dx.AsSpan(s * row, row), dy.AsSpan(s * rowOut + offset, row), dx.AsSpan(s * row, row));
            }
        }, parts);
        return y;
    }
}
