namespace Verge.Learning.Engine;

/// <summary>Adam (Kingma and Ba, ICLR 2015) with bias correction and optional L2 weight decay.</summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m, _v;

    public Adam(IReadOnlyList<NamedTensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f) : base(parameters)
    {
        (LearningRate, Beta1, Beta2, Epsilon, WeightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay);
        _m = Parameters.Select(p => new float[p.Tensor.Length]).ToArray();
        _v = Parameters.Select(p => new float[p.Tensor.Length]).ToArray();
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public float WeightDecay { get; }
    public override string Kind => "adam";

    public override void Step()
    {
        StepCount++;
        float c1 = 1f - MathF.Pow(Beta1, StepCount), c2 = 1f - MathF.Pow(Beta2, StepCount);
        float stepSize = LearningRate / c1, rootC2 = MathF.Sqrt(c2);
        for (int i = 0; i < Parameters.Count; i++)
        {
            var w = Parameters[i].Tensor;
            if (w.Grad is not { } g) continue;
            var (m, v, data) = (_m[i], _v[i], w.Data);
            for (int j = 0; j < data.Length; j++)
            {
                float gj = g[j] + WeightDecay * data[j];
                m[j] = Beta1 * m[j] + (1f - Beta1) * gj;
                v[j] = Beta2 * v[j] + (1f - Beta2) * gj * gj;
                data[j] -= stepSize * m[j] / (MathF.Sqrt(v[j]) / rootC2 + Epsilon);
            }
        }
    }

    public override IReadOnlyList<(string Name, float[] Values)> State() =>
        Parameters.SelectMany((p, i) => new[] { (p.Name + ".exp_avg", _m[i]), (p.Name + ".exp_avg_sq", _v[i]) }).ToList();
}
