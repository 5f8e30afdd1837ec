using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>
/// Batch normalisation over N·H·W per channel (Ioffe and Szegedy, ICML 2015). Training uses the batch's
/// statistics and updates the running ones (momentum 0.1, unbiased variance, as PyTorch); evaluation uses the
/// running statistics, which is what the ONNX BatchNormalization node computes.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    private Tensor? _out;
    private Scratch _xhat;
    private readonly float[] _invStd;

    public BatchNorm2d(int channels, float momentum = 0.1f, float epsilon = 1e-5f)
    {
        (Channels, Momentum, Epsilon) = (channels, momentum, epsilon);
        Scale = Parameter("weight", channels);
        Array.Fill(Scale.Data, 1f);
        Shift = Parameter("bias", channels);
        RunningMean = Buffer("running_mean", channels);
        RunningVar = Buffer("running_var", channels);
        Array.Fill(RunningVar.Data, 1f);
        _invStd = new float[channels];
    }

    public int Channels { get; }
    public float Momentum { get; }
    public float Epsilon { get; }
    public Tensor Scale { get; }
    public Tensor Shift { get; }
    public Tensor RunningMean { get; }
    public Tensor RunningVar { get; }

    public override Tensor Forward(Tensor x)
    {
        int n = x.Shape[0], c = x.Shape[1], hw = x.Length / (n * c);
        if (c != Channels) throw new ArgumentException($"BatchNorm2d expects {Channels} channels, got {c}");
        int m = n * hw;
        var y = Tensor.Reuse(ref _out, x.Shape);
        var xhat = _xhat.Get(x.Length);
        var (xd, yd) = (x.Data, y.Data);
        bool training = Training;
        Parallelism.For(c, m, ch =>
        {
            double mean, variance;
            if (training)
            {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < n; i++)
                {
                    var plane = xd.AsSpan((i * c + ch) * hw, hw);
                    sum += TensorPrimitives.Sum(plane);
                    sumSq += TensorPrimitives.SumOfSquares(plane);
                }
                mean = sum / m;
                variance = Math.Max(0, sumSq / m - mean * mean);
                RunningMean.Data[ch] = (float)((1 - Momentum) * RunningMean.Data[ch] + Momentum * mean);
                RunningVar.Data[ch] = (float)((1 - Momentum) * RunningVar.Data[ch] + Momentum * variance * m / Math.Max(1, m - 1));
            }
            else (mean, variance) = (RunningMean.Data[ch], RunningVar.Data[ch]);
            float invStd = (float)(1.0 / Math.Sqrt(variance + Epsilon)), mu = (float)mean;
            _invStd[ch] = invStd;
            for (int i = 0; i < n; i++)
            {
                int start = (i * c + ch) * hw;
                var h = xhat.AsSpan(start, hw);
                VectorMath.Affine(xd.AsSpan(start, hw), invStd, -mu * invStd, h);
                VectorMath.Affine(h, Scale.Data[ch], Shift.Data[ch], yd.AsSpan(start, hw));
            }
        });
        y.SetOrigin(() =>
        {
            var dy = y.Grad!;
            var (dGamma, dBeta) = (Scale.EnsureGrad(), Shift.EnsureGrad());
            var dx = x.Grad;
            Parallelism.For(c, m, ch =>
            {
                double sumDy = 0, sumDyXhat = 0;
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * hw;
                    sumDy += TensorPrimitives.Sum(dy.AsSpan(start, hw));
                    sumDyXhat += TensorPrimitives.Dot(dy.AsSpan(start, hw), xhat.AsSpan(start, hw));
                }
                dGamma[ch] += (float)sumDyXhat;
                dBeta[ch] += (float)sumDy;
                if (dx is null) return;
                float k = Scale.Data[ch] * _invStd[ch];
                // Batch statistics depend on x too: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)); running ones do not.
                float meanDy = training ? (float)(sumDy / m) : 0f, meanDyXhat = training ? (float)(sumDyXhat / m) : 0f;
                for (int i = 0; i < n; i++)
                {
                    int start = (i * c + ch) * hw;
                    VectorMath.AccumulateAffine2(dy.AsSpan(start, hw), k, xhat.AsSpan(start, hw), -k * meanDyXhat, -k * meanDy, dx.AsSpan(start, hw));
                }
            });
        }, x, Scale, Shift);
        return y;
    }
}
