using System.Diagnostics;
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

    /// <summary>One pass over the loader; the teacher labels each mini-batch as it comes.</summary>
    public static double TrainEpoch(Layer student, OnnxTeacher teacher, MiniBatchLoader loader, Optimizer optimizer,
        DistillationOptions options, Action<int, double>? onBatch = null, CancellationToken ct = default)
    {
        options.Validate();
        student.Train();
        double lossSum = 0;
        int batches = 0, samples = 0;
        foreach (var (images, labels) in loader.Epoch())
        {
            ct.ThrowIfCancellationRequested();
            var targets = teacher.Logits(images);
            optimizer.ZeroGrad();
            var loss = Loss(student.Forward(images), targets, labels, options);
            loss.Backward();
            optimizer.Step();
            lossSum += loss[0] * labels.Length;
            samples += labels.Length;
            onBatch?.Invoke(++batches, lossSum / samples);
        }
        return samples == 0 ? 0 : lossSum / samples;
    }

    /// <summary>Several epochs, the student's test accuracy after each (as <see cref="Trainer.Fit"/>).</summary>
    public static IEnumerable<EpochResult> Fit(Layer student, OnnxTeacher teacher, MiniBatchLoader loader, Optimizer optimizer,
        DistillationOptions options, ImageDataset test, int epochs, Action<int, int, double>? onBatch = null, CancellationToken ct = default)
    {
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            int e = epoch;
            double loss = TrainEpoch(student, teacher, loader, optimizer, options, onBatch is null ? null : (b, l) => onBatch(e, b, l), ct);
            double seconds = watch.Elapsed.TotalSeconds;
            yield return new EpochResult(epoch, seconds, loss, Trainer.Evaluate(student, test));
        }
    }
}
