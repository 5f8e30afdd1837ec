using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Training;

namespace Verge.Learning.Compression.Distillation;

/// <summary>
/// Knowledge distillation (Hinton, Vinyals and Dean, Distilling the Knowledge in a Neural Network, 2015): the
/// student learns from the teacher's temperature-softened outputs and from the labels at once.
/// </summary>
public static class Distiller
{
    /// <summary>α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(s, labels), one scalar for backprop.</summary>
    public static Tensor Loss(Tensor studentLogits, ReadOnlySpan<float> teacherLogits, ReadOnlySpan<int> labels, DistillationOptions options)
    {
        var soft = Losses.DistillationKl(studentLogits, teacherLogits, options.Temperature);
        var hard = Losses.CrossEntropy(studentLogits, labels);
        return WeightedLoss.Sum([soft, hard], [options.Alpha, 1f - options.Alpha]);
    }

    /// <summary>The distillation loss of <paramref name="student"/> as the training loop's loss; the teacher labels each mini-batch as it comes.</summary>
    public static TrainingLoss Loss(Layer student, OnnxTeacher teacher, DistillationOptions options)
    {
        options.Validate();
        return (images, labels) =>
        {
            var targets = teacher.Logits(images);
            return Loss(student.Forward(images), targets, labels, options);
        };
    }

    /// <summary>Several epochs, the student's test accuracy after each (as <see cref="Trainer.Fit(Layer, MiniBatchLoader, Optimizer, ImageDataset, int, Action{int, int, double}?, CancellationToken)"/>).</summary>
    public static IEnumerable<EpochResult> Fit(Layer student, OnnxTeacher teacher, MiniBatchLoader loader, Optimizer optimizer,
        DistillationOptions options, ImageDataset test, int epochs, Action<int, int, double>? onBatch = null, CancellationToken ct = default) =>
        Trainer.Fit(student, loader, optimizer, Loss(student, teacher, options), () => Trainer.Evaluate(student, test), epochs, onBatch, ct);
}
