namespace Verge.Learning.Engine;

/// <summary>
/// One entry of a model's state: a dotted name ("features.0.weight"), its tensor, and whether an optimizer trains
/// it (weights, biases) or the forward pass maintains it (batch-norm running statistics).
/// </summary>
public sealed record NamedTensor(string Name, Tensor Tensor, bool Trainable);
