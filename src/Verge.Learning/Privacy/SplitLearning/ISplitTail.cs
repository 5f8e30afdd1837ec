namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// The edge's side of split learning as the device sees it: one training step on a batch of (noised) activations
/// that answers the gradient with respect to them, and inference. In-process (<see cref="SplitTail"/>) or over gRPC
/// (Verge.Net's split-learning client) — the device's loop does not know which.
/// </summary>
public interface ISplitTail
{
    /// <summary>Forward, cross-entropy on <paramref name="labels"/>, backward and an optimizer step; returns d(loss)/d(activations) and the loss.</summary>
    Task<(float[] Gradient, double Loss)> StepAsync(float[] activations, int[] shape, int[] labels, CancellationToken ct = default);

    /// <summary>The tail's logits for a batch of activations.</summary>
    Task<float[]> InferAsync(float[] activations, int[] shape, CancellationToken ct = default);
}
