namespace Verge.Learning.Engine;

/// <summary>
/// A dense float32 tensor (row-major) that remembers how it was made, for reverse-mode autodiff: every op sets
/// <see cref="Parents"/> and a backward function that adds the op's input gradients from this tensor's
/// <see cref="Grad"/>. Layers reuse their output tensors from one call to the next (no per-step allocation), so a
/// forward output stays valid until the same layer runs again: copy it (<see cref="ToArray"/>) to keep it.
/// </summary>
public sealed class Tensor
{
    private Action? _backward;

    public Tensor(params int[] shape) : this(new float[Count(shape)], shape) { }

    public Tensor(float[] data, params int[] shape)
    {
        if (data.Length != Count(shape))
            throw new ArgumentException($"data has {data.Length} elements but shape [{string.Join(',', shape)}] needs {Count(shape)}");
        Data = data;
        Shape = (int[])shape.Clone();
        Parents = [];
    }

    public float[] Data { get; }
    public int[] Shape { get; }
    public int Length => Data.Length;
    public int Rank => Shape.Length;

    /// <summary>d(loss)/d(this), same length as <see cref="Data"/>; allocated on first need.</summary>
    public float[]? Grad { get; private set; }

    /// <summary>Leaves that want gradients (parameters) and every tensor computed from one.</summary>
    public bool RequiresGrad { get; set; }

    internal Tensor[] Parents { get; private set; }

    public float this[int i] { get => Data[i]; set => Data[i] = value; }

    public float[] EnsureGrad() => Grad ??= new float[Data.Length];

    public float[] ToArray() => (float[])Data.Clone();

    public static int Count(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    public bool HasShape(ReadOnlySpan<int> shape) => Shape.AsSpan().SequenceEqual(shape);

    /// <summary>Returns <paramref name="slot"/> when it already has this shape (a reused buffer), else a new tensor.</summary>
    internal static Tensor Reuse(ref Tensor? slot, params int[] shape)
    {
        if (slot is null || !slot.HasShape(shape)) slot = new Tensor(shape);
        slot.Parents = [];
        slot._backward = null;
        slot.RequiresGrad = false;
        return slot;
    }

    /// <summary>Records how this tensor was made: it needs a gradient when any parent does.</summary>
    internal void SetOrigin(Action backward, params Tensor[] parents)
    {
        bool any = false;
        foreach (var p in parents) any |= p.RequiresGrad;
        if (!any) return;
        RequiresGrad = true;
        Parents = parents;
        _backward = backward;
    }

    /// <summary>
    /// Back-propagates from this scalar (or from <paramref name="seed"/>, same shape as this tensor): zeroes every
    /// intermediate gradient, then runs each op's backward in reverse topological order. Parameter gradients
    /// accumulate; clear them with the optimizer's ZeroGrad.
    /// </summary>
    public void Backward(ReadOnlySpan<float> seed = default)
    {
        var order = TopologicalOrder();
        foreach (var t in order)
            if (t._backward is not null) Array.Clear(t.EnsureGrad());
        var g = EnsureGrad();
        if (seed.IsEmpty)
        {
            if (Length != 1) throw new InvalidOperationException("Backward without a seed needs a scalar tensor");
            g[0] = 1f;
        }
        else seed.CopyTo(g);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t._backward is null) continue;
            foreach (var p in t.Parents)
                if (p.RequiresGrad) p.EnsureGrad();
            t._backward();
        }
    }

    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int Next)>();
        stack.Push((this, 0));
        seen.Add(this);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Parents.Length)
            {
                stack.Push((node, next + 1));
                var p = node.Parents[next];
                if (p.RequiresGrad && seen.Add(p)) stack.Push((p, 0));
            }
            else order.Add(node);
        }
        return order;
    }

    public override string ToString() => $"Tensor[{string.Join('x', Shape)}]";
}
