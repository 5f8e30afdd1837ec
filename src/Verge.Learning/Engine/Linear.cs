using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>Fully connected layer y = x·Wᵀ + b over [N, in], with W stored [out, in] as in ONNX Gemm (transB = 1).</summary>
public sealed class Linear : Layer
{
    private Tensor? _out;

    public Linear(int inFeatures, int outFeatures, Rng rng)
    {
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        Weight = Parameter("weight", outFeatures, inFeatures);
        rng.HeUniform(Weight.Data, inFeatures);
        Bias = Parameter("bias", outFeatures);
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0];
        if (x.Length != n * InFeatures) throw new ArgumentException($"Linear expects [N, {InFeatures}], got [{string.Join(',', x.Shape)}]");
        var y = Tensor.Reuse(ref _out, n, OutFeatures);
        for (int i = 0; i < n; i++) Bias.Data.CopyTo(y.Data, i * OutFeatures);
        Blas.Gemm(false, true, n, OutFeatures, InFeatures, 1f, x.Data, InFeatures, Weight.Data, InFeatures, 1f, y.Data, OutFeatures);
        y.SetOrigin(() =>
        {
            var dy = y.Grad!;
            var db = Bias.EnsureGrad();
            for (int i = 0; i < n; i++) TensorPrimitives.Add(db, dy.AsSpan(i * OutFeatures, OutFeatures), db);
            Blas.Gemm(true, false, OutFeatures, InFeatures, n, 1f, dy, OutFeatures, x.Data, InFeatures, 1f, Weight.EnsureGrad(), InFeatures);
            if (x.RequiresGrad)
                Blas.Gemm(false, false, n, InFeatures, OutFeatures, 1f, dy, OutFeatures, Weight.Data, InFeatures, 1f, x.Grad!, InFeatures);
        }, x, Weight, Bias);
        return y;
    }
}
