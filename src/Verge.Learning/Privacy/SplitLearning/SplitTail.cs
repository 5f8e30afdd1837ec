using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>The edge's half of split learning: trains the tail on what arrives and sends back the gradient at its input.</summary>
public sealed class SplitTail : ISplitTail
{
    private readonly Sequential _tail;
    private readonly Adam _optimizer;

    public SplitTail(Sequential tail, float learningRate)
    {
        _tail = tail;
        _optimizer = new Adam(tail.Parameters(), learningRate);
    }

    public Sequential Layers => _tail;

    public Task<(float[] Gradient, double Loss)> StepAsync(float[] activations, int[] shape, int[] labels, CancellationToken ct = default)
    {
        var input = new Tensor((float[])activations.Clone(), shape) { RequiresGrad = true };
        _tail.Train();
        _optimizer.ZeroGrad();
        var loss = Losses.CrossEntropy(_tail.Forward(input), labels);
        loss.Backward();
        _optimizer.Step();
        return Task.FromResult((input.Grad ?? new float[activations.Length], (double)loss.Data[0]));
    }

    public Task<float[]> InferAsync(float[] activations, int[] shape, CancellationToken ct = default)
    {
        _tail.Eval();
        return Task.FromResult(_tail.Forward(new Tensor((float[])activations.Clone(), shape)).ToArray());
    }
}
