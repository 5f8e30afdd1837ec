namespace Verge.Inference.Graph.Cuts;

/// <summary>
/// Who produces and who reads each activation tensor of a graph (weights excluded): the facts every cut and every
/// stage boundary is computed from. Model inputs are produced "before node 0" (index -1); model outputs are read
/// "after the last node" (index <see cref="End"/>), because they must reach whoever asked for them.
/// </summary>
public sealed class DataFlow
{
    public DataFlow(ModelGraph graph)
    {
        Graph = graph;
        End = graph.Nodes.Count;
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        var readers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs) producer[input.Name] = -1;
        foreach (var node in graph.Nodes)
        {
            foreach (var i in node.Inputs.Where(i => i.Length > 0 && !graph.Initializers.Contains(i) && producer.ContainsKey(i)).Distinct())
                Readers(readers, i).Add(node.Index);
            foreach (var o in node.Outputs.Where(o => o.Length > 0))
                producer[o] = node.Index;
        }
        foreach (var output in graph.Outputs) Readers(readers, output.Name).Add(End);
        Tensors = producer.Keys.Where(readers.ContainsKey).ToList();
        Producer = producer;
        ReadersOf = readers.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value, StringComparer.Ordinal);
    }

    public ModelGraph Graph { get; }

    /// <summary>The pseudo-index of "whoever wants the model's outputs", one past the last node.</summary>
    public int End { get; }

    /// <summary>Every activation tensor that someone reads, in production order.</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>Node index that produces each tensor; -1 for model inputs.</summary>
    public IReadOnlyDictionary<string, int> Producer { get; }

    /// <summary>Node indices that read each tensor, ascending; <see cref="End"/> for model outputs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> ReadersOf { get; }

    public long Bytes(string tensor) => Graph.Tensors.TryGetValue(tensor, out var t) && t.Bytes > 0 ? t.Bytes : 0;

    public bool IsModelOutput(string tensor) => ReadersOf[tensor][^1] == End;

    /// <summary>
    /// The tensors crossing a cut after topological position <paramref name="position"/>: produced at or before it
    /// (model inputs included) and read after it, or model outputs.
    /// </summary>
    public IReadOnlyList<string> CrossingAfter(int position) =>
        Tensors.Where(t => Producer[t] <= position && ReadersOf[t][^1] > position).ToList();

    private static List<int> Readers(Dictionary<string, List<int>> readers, string tensor)
    {
        if (!readers.TryGetValue(tensor, out var list)) readers[tensor] = list = [];
        return list;
    }
}
