using System.Numerics.Tensors;

namespace Verge.Learning.Engine;

/// <summary>SGD with (heavy-ball) momentum and L2 weight decay, as PyTorch's torch.optim.SGD.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _velocity;

    public Sgd(IReadOnlyList<NamedTensor> parameters, float learningRate, float momentum = 0.9f, float weightDecay = 0f) : base(parameters)
    {
        (LearningRate, Momentum, WeightDecay) = (learningRate, momentum, weightDecay);
        _velocity = Parameters.Select(p => new float[p.Tensor.Length]).ToArray();
    }

    public float Momentum { get; }
    public float WeightDecay { get; }
    public override string Kind => "sgd";

    public override void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var w = Parameters[i].Tensor;
            if (w.Grad is not { } g) continue;
            Span<float> d = g;
            if (WeightDecay != 0f) TensorPrimitives.MultiplyAdd(w.Data, WeightDecay, g, g);
            if (Momentum != 0f)
            {
                var v = _velocity[i];
                // v = μ·v + g (PyTorch takes g as is on the first step, which μ·0 + g also gives).
                TensorPrimitives.MultiplyAdd(v, Momentum, g, v);
                d = v;
            }
            TensorPrimitives.MultiplyAdd(d, -LearningRate, w.Data, w.Data);
        }
        StepCount++;
    }

    public override IReadOnlyList<(string Name, float[] Values)> State() =>
        Parameters.Select((p, i) => (p.Name + ".momentum", _velocity[i])).ToList();
}
