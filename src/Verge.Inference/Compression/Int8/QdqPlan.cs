namespace Verge.Inference.Compression.Int8;

/// <summary>What a QDQ rewrite will touch: the nodes it quantizes and the activation tensors that need ranges.</summary>
public sealed record QdqPlan(IReadOnlyList<QuantizedNode> Nodes, IReadOnlyList<string> Activations);
