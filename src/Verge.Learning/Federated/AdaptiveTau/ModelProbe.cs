using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// F_i and ∇F_i of a model on one fixed batch, in evaluation mode (no dropout, batch norm's running statistics), so the
/// function is deterministic and the two points of <see cref="LocalEstimator"/> see the same one. The gradient is laid
/// out like <see cref="ModelVector"/> (zero at non-trainable state).
/// </summary>
public sealed class ModelProbe(TrainableModel model, ImageDataset batch)
{
    private readonly (Tensor Images, int[] Labels) _batch = Copy(batch);
    private (Tensor Images, int[] Labels)[]? _halves;

    public int Samples => batch.Count;

    public (double Loss, float[] Gradient) At(float[] weights) => On(_batch, weights);

    /// <summary>
    /// F_i and ∇F_i on the whole probe from its two halves, and the variance of one half's mean gradient,
    /// ‖∇F_a − ∇F_b‖²/2 (two independent mini-batch means differ by 2σ² in expectation; AdaComm's σ²).
    /// </summary>
    public (double Loss, float[] Gradient, double Variance, int HalfSamples) Halves(float[] weights)
    {
        int n = batch.Count, h = n / 2;
        if (h == 0) { var (l, g) = At(weights); return (l, g, 0, n); }
        _halves ??= [Copy(batch.Subset(Enumerable.Range(0, h).ToList())), Copy(batch.Subset(Enumerable.Range(h, n - h).ToList()))];
        var (lossA, gradA) = On(_halves[0], weights);
        var (lossB, gradB) = On(_halves[1], weights);
        double pa = (double)h / n;
        var diff = new float[gradA.Length];
        System.Numerics.Tensors.TensorPrimitives.Subtract(gradA, gradB, diff);
        double norm = System.Numerics.Tensors.TensorPrimitives.Norm(diff);
        var gradient = new float[gradA.Length];
        for (int j = 0; j < gradient.Length; j++) gradient[j] = (float)(pa * gradA[j] + (1 - pa) * gradB[j]);
        return (pa * lossA + (1 - pa) * lossB, gradient, norm * norm / 2, h);
    }

    private (double Loss, float[] Gradient) On((Tensor Images, int[] Labels) probe, float[] weights)
    {
        ModelVector.Set(model, weights);
        var state = model.State();
        foreach (var s in state) if (s.Tensor.Grad is { } g) Array.Clear(g);
        model.Eval();
        try
        {
            var loss = Losses.CrossEntropy(model.Forward(probe.Images), probe.Labels);
            loss.Backward();
            var gradient = new float[weights.Length];
            int offset = 0;
            foreach (var s in state)
            {
                if (s.Trainable && s.Tensor.Grad is { } g) g.CopyTo(gradient, offset);
                offset += s.Tensor.Length;
            }
            return (loss[0], gradient);
        }
        finally
        {
            model.Train();
        }
    }

    private static (Tensor, int[]) Copy(ImageDataset data)
    {
        var (images, labels) = new MiniBatchLoader(data, Math.Max(1, data.Count), shuffle: false).Epoch().First();
        return (new Tensor(images.ToArray(), images.Shape), (int[])labels.Clone());
    }
}
