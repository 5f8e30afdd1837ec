using Verge.Learning.Engine;

namespace Verge.Learning.Models.Branchy;

/// <summary>
/// A classifier with early exits (Teerapittayanon et al., BranchyNet, ICPR 2016): a trunk cut into segments, a
/// side branch after every segment but the last that ends in its own logits, and the last segment ending in the
/// final logits. Exits are numbered in trunk order: exit1, exit2, …, final.
/// </summary>
public sealed class BranchyModel : Layer
{
    private readonly List<Sequential> _segments = [];
    private readonly List<Sequential> _branches = [];

    public BranchyModel(string name, IReadOnlyList<Sequential> segments, IReadOnlyList<Sequential> branches)
    {
        if (segments.Count < 2 || branches.Count != segments.Count - 1)
            throw new ArgumentException($"a branchy model needs n ≥ 2 trunk segments and n − 1 branches, got {segments.Count} and {branches.Count}");
        Name = name;
        for (int i = 0; i < segments.Count; i++)
        {
            _segments.Add(Child($"trunk{i + 1}", segments[i]));
            if (i < branches.Count) _branches.Add(Child($"exit{i + 1}", branches[i]));
        }
    }

    public string Name { get; }
    public IReadOnlyList<Sequential> Segments => _segments;
    public IReadOnlyList<Sequential> Branches => _branches;
    public int ExitCount => _segments.Count;

    /// <summary>"exit1", "exit2", …, "final": the ONNX output names, in order.</summary>
    public IReadOnlyList<string> ExitNames => [.. Enumerable.Range(1, _branches.Count).Select(i => $"exit{i}"), "final"];

    /// <summary>The logits of every exit, early ones first, the final one last.</summary>
    public IReadOnlyList<Tensor> ForwardExits(Tensor x)
    {
        var exits = new List<Tensor>(ExitCount);
        for (int i = 0; i < _segments.Count; i++)
        {
            x = _segments[i].Forward(x);
            if (i < _branches.Count) exits.Add(_branches[i].Forward(x));
        }
        exits.Add(x);
        return exits;
    }

    /// <summary>The final exit's logits (what a model without branches would give).</summary>
    public override Tensor Forward(Tensor x)
    {
        foreach (var segment in _segments) x = segment.Forward(x);
        return x;
    }
}
