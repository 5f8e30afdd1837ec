using Verge.Learning.Compression.Distillation;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Training;

namespace Verge.Learning.Federated.Codistillation;

/// <summary>
/// The client side of codistillation: the local loss plus a distillation term towards the mean logits of the
/// teachers (stale copies of the other groups' models) on the same mini-batch (Anil et al., ICLR 2018, eq. 1),
/// computed by <see cref="Distiller.Loss(Tensor, ReadOnlySpan{float}, ReadOnlySpan{int}, DistillationOptions)"/>.
/// </summary>
public static class CodistillationLoss
{
    /// <summary>
    /// The training loss of <paramref name="student"/>; <paramref name="teacher"/> is a second model of the same
    /// architecture that the teachers' weights are loaded into (in evaluation mode, never trained).
    /// </summary>
    public static TrainingLoss For(TrainableModel student, TrainableModel teacher, CodistillTargets targets)
    {
        if (targets.Teachers.Count == 0) throw new ArgumentException("codistillation needs at least one teacher");
        teacher.Eval();
        if (targets.Teachers.Count == 1) ModelVector.Set(teacher, targets.Teachers[0]);
        return (images, labels) => Distiller.Loss(student.Forward(images), MeanLogits(teacher, targets.Teachers, images), labels, targets.Options);
    }

    /// <summary>The teachers' logits averaged over teachers, [N × classes].</summary>
    public static float[] MeanLogits(TrainableModel teacher, IReadOnlyList<float[]> teachers, Tensor images)
    {
        float[]? sum = null;
        foreach (var weights in teachers)
        {
            if (teachers.Count > 1) ModelVector.Set(teacher, weights);
            var logits = teacher.Forward(images).Data;
            if (sum is null) sum = (float[])logits.Clone();
            else System.Numerics.Tensors.TensorPrimitives.Add(sum, logits, sum);
        }
        if (teachers.Count > 1) System.Numerics.Tensors.TensorPrimitives.Multiply(sum!, 1f / teachers.Count, sum!);
        return sum!;
    }
}
