using Verge.Learning.Compression.Distillation;
using Verge.Learning.Compression.Pruning;

namespace Verge.Learning.Training.Recipes;

/// <summary>
/// What to train and how: the model (a zoo or branchy model), epochs, batch size, the optimizer ("sgd": momentum
/// 0.9 and weight decay 5e-4, or "adam") and its learning rate, the seed; and, beyond plain training, a checkpoint
/// to start from, pruning then fine-tuning, or distillation from an ONNX teacher.
/// </summary>
public sealed record RecipeOptions(string Model, int Epochs, int BatchSize, string Optimizer, float LearningRate, int Seed)
{
    public string? From { get; init; }
    public PruningOptions? Pruning { get; init; }
    /// <summary>An ONNX teacher's path: distil from it with <see cref="Distillation"/>.</summary>
    public string? Teacher { get; init; }
    public DistillationOptions Distillation { get; init; } = new();
    public int TeacherThreads { get; init; } = 2;
    /// <summary>Branchy models keep the last training images out of training, for exit calibration on them later.</summary>
    public int CalibrationHoldOut { get; init; }
}
