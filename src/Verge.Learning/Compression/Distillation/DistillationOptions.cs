using Verge.Core.Errors;

namespace Verge.Learning.Compression.Distillation;

/// <summary>
/// Knowledge distillation settings: the loss is α·T²·KL(teacher_T ‖ student_T) + (1 − α)·CE(student, labels),
/// where _T means softmax of logits divided by <see cref="Temperature"/>.
/// </summary>
public sealed record DistillationOptions(float Temperature = 4f, float Alpha = 0.7f)
{
    public DistillationOptions Validate()
    {
        if (!(Temperature > 0) || float.IsInfinity(Temperature))
            throw new UsageException($"temperature {Temperature} must be a positive number (e.g. 4)") { Term = "temperature" };
        if (!(Alpha >= 0 && Alpha <= 1))
            throw new UsageException($"alpha {Alpha} must lie in [0, 1]: the weight of the teacher's soft targets against the labels") { Term = "alpha" };
        return this;
    }
}
