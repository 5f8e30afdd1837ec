namespace Verge.Learning.Engine;

/// <summary>
/// A piece of a network: owns its tensors, knows its children, and can be switched between training and
/// evaluation (batch norm, dropout). State is exposed as a flat list of named tensors so that checkpoints,
/// federated averaging and pruning can all work on plain float arrays.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Module Child)> _children = [];
    private readonly List<NamedTensor> _own = [];

    public bool Training { get; private set; } = true;

    protected T Child<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    protected Tensor Parameter(string name, params int[] shape)
    {
        var t = new Tensor(shape) { RequiresGrad = true };
        _own.Add(new NamedTensor(name, t, true));
        return t;
    }

    protected Tensor Buffer(string name, params int[] shape)
    {
        var t = new Tensor(shape);
        _own.Add(new NamedTensor(name, t, false));
        return t;
    }

    /// <summary>Every tensor of this module and its children, trainable and not, in a fixed order.</summary>
    public IReadOnlyList<NamedTensor> State()
    {
        var all = new List<NamedTensor>();
        Collect("", all);
        return all;
    }

    /// <summary>The trainable tensors only (what an optimizer updates).</summary>
    public IReadOnlyList<NamedTensor> Parameters() => State().Where(s => s.Trainable).ToList();

    public long ParameterCount => Parameters().Sum(p => (long)p.Tensor.Length);

    private void Collect(string prefix, List<NamedTensor> into)
    {
        foreach (var t in _own) into.Add(t with { Name = prefix + t.Name });
        foreach (var (name, child) in _children) child.Collect(prefix + name + ".", into);
    }

    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, c) in _children) c.Train(training);
    }

    public void Eval() => Train(false);

    /// <summary>A copy of every state tensor's values, in <see cref="State"/> order.</summary>
    public float[][] GetWeights() => State().Select(s => s.Tensor.ToArray()).ToArray();

    /// <summary>Overwrites every state tensor, in <see cref="State"/> order (what <see cref="GetWeights"/> returned).</summary>
    public void SetWeights(IReadOnlyList<float[]> weights)
    {
        var state = State();
        if (weights.Count != state.Count)
            throw new ArgumentException($"expected {state.Count} tensors, got {weights.Count}");
        for (int i = 0; i < state.Count; i++)
        {
            if (weights[i].Length != state[i].Tensor.Length)
                throw new ArgumentException($"'{state[i].Name}' has {state[i].Tensor.Length} values, got {weights[i].Length}");
            weights[i].CopyTo(state[i].Tensor.Data, 0);
        }
    }
}
