namespace Verge.Learning.Engine;

/// <summary>
/// Updates a model's trainable tensors from their gradients. Its per-parameter state (momentum, moments) is a
/// list of named float arrays so that checkpoints can save and restore it exactly.
/// </summary>
public abstract class Optimizer
{
    protected Optimizer(IReadOnlyList<NamedTensor> parameters)
    {
        Parameters = parameters.Where(p => p.Trainable).ToList();
    }

    public IReadOnlyList<NamedTensor> Parameters { get; }

    public float LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; protected set; }

    public abstract string Kind { get; }

    public abstract void Step();

    public void ZeroGrad()
    {
        foreach (var p in Parameters)
            if (p.Tensor.Grad is { } g) Array.Clear(g);
    }

    /// <summary>The optimizer's state as named arrays (names are parameter names plus a slot suffix).</summary>
    public abstract IReadOnlyList<(string Name, float[] Values)> State();

    internal void RestoreStepCount(long steps) => StepCount = steps;
}
