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

    public int Samples => batch.Count;

    public (double Loss, float[] Gradient) At(float[] weights)
    {
        ModelVector.Set(model, weights);
        var state = model.State();
        foreach (var s in state) if (s.Tensor.Grad is { } g) Array.Clear(g);
        model.Eval();
        try
        {
            var loss = Losses.CrossEntropy(model.Forward(_batch.Images), _batch.Labels);
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
