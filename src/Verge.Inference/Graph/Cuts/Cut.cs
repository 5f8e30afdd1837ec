namespace Verge.Inference.Graph.Cuts;

/// <summary>
/// A cut after node <see cref="Position"/> of the topological order: the head runs nodes 0..Position, the tail the
/// rest, and <see cref="Tensors"/> are what the head must hand to the tail (for a chain one tensor, inside a DAG
/// block several; tensors the tail needs from further back pass through). Position -1 is "before everything"
/// (the tail runs all: offload the whole model) and the last position "after everything" (run all in the head).
/// </summary>
public sealed record Cut(int Id, int Position, IReadOnlyList<string> Tensors, long Bytes, long HeadMacs, long TailMacs)
{
    public bool IsBeforeAll => Position < 0;

    /// <summary>Label for tables: the crossing tensors, shortened when there are many.</summary>
    public string TensorsText => Tensors.Count <= 3 ? string.Join(", ", Tensors) : $"{string.Join(", ", Tensors.Take(2))} +{Tensors.Count - 2}";
}
