namespace Verge.Inference.Graph.Passes;

/// <summary>What a QDQ rewrite will touch: the nodes it quantizes and the activation tensors that need ranges.</summary>
public sealed record QdqPlan(IReadOnlyList<QuantizedNode> Nodes, IReadOnlyList<string> Activations);
