namespace Verge.Inference.Graph.Building;

/// <summary>Dense, element-wise, shape and recurrent layers of <see cref="OnnxBuilder"/>.</summary>
public sealed partial class OnnxBuilder
{
    /// <summary>Fully connected layer as torch.onnx writes nn.Linear: Gemm(x, W[out, in], b) with transB = 1.</summary>
    public TensorRef Gemm(string name, TensorRef x, long outFeatures, bool bias = true)
    {
        RequireRank(x, 2, "Gemm");
        var w = HeWeight($"{name}.weight", [outFeatures, x[1]], x[1]);
        return Gemm(name, x, w, bias ? SmallBias($"{name}.bias", outFeatures) : null);
    }

    /// <summary>Fully connected layer with a given weight [out, in] (and bias [out]), e.g. a trained layer's.</summary>
    public TensorRef Gemm(string name, TensorRef x, TensorRef weight, TensorRef? bias)
    {
        RequireRank(x, 2, "Gemm");
        if (weight.Rank != 2 || weight[1] != x[1]) throw new ArgumentException($"Gemm '{name}': {x} does not fit weight {weight}");
        var inputs = new List<string> { x.Name, weight.Name };
        if (bias is not null) inputs.Add(bias.Name);
        return Node("Gemm", name, inputs, [x[0], weight[0]], Attr("alpha", 1f), Attr("beta", 1f), Attr("transB", 1L));
    }

    /// <summary>x · W with a seeded weight W[in, out] (no bias): the last dimension becomes <paramref name="outFeatures"/>.</summary>
    public TensorRef MatMul(string name, TensorRef x, long outFeatures)
    {
        var w = HeWeight($"{name}.weight", [x[-1], outFeatures], x[-1]);
        return MatMul(name, x, w);
    }

    /// <summary>Matrix product of two tensors with numpy broadcasting of the leading dimensions.</summary>
    public TensorRef MatMul(string name, TensorRef a, TensorRef b)
    {
        if (a.Rank < 2 || b.Rank < 2 || a[-1] != b[-2])
            throw new ArgumentException($"MatMul '{name}': {a} and {b} do not multiply");
        var batch = Broadcast(name, a.Shape[..^2], b.Shape[..^2]);
        return Node("MatMul", name, [a.Name, b.Name], [.. batch, a[-2], b[-1]]);
    }

    public TensorRef Add(string name, TensorRef a, TensorRef b) => Node("Add", name, [a.Name, b.Name], Broadcast(name, a.Shape, b.Shape));

    public TensorRef Mul(string name, TensorRef a, TensorRef b) => Node("Mul", name, [a.Name, b.Name], Broadcast(name, a.Shape, b.Shape));

    public TensorRef Concat(string name, IReadOnlyList<TensorRef> xs, int axis = 1)
    {
        if (xs.Count == 0) throw new ArgumentException($"Concat '{name}' needs inputs");
        int rank = xs[0].Rank, at = axis < 0 ? axis + rank : axis;
        var shape = (long[])xs[0].Shape.Clone();
        foreach (var x in xs.Skip(1))
        {
            if (x.Rank != rank || Enumerable.Range(0, rank).Any(d => d != at && x.Shape[d] != shape[d]))
                throw new ArgumentException($"Concat '{name}': {x} does not match {xs[0]} off axis {axis}");
            shape[at] += x.Shape[at];
        }
        return Node("Concat", name, xs.Select(x => x.Name), shape, Attr("axis", (long)axis));
    }

    public TensorRef Flatten(string name, TensorRef x, int axis = 1)
    {
        long outer = x.Shape[..axis].Aggregate(1L, (a, d) => a * d);
        return Node("Flatten", name, [x.Name], [outer, x.Elements / outer], Attr("axis", (long)axis));
    }

    /// <summary>Reshape to a fixed shape (0 copies the input dimension, one -1 is inferred), given as an int64 initializer.</summary>
    public TensorRef Reshape(string name, TensorRef x, params long[] shape)
    {
        var resolved = (long[])shape.Clone();
        for (int i = 0; i < resolved.Length; i++) if (resolved[i] == 0) resolved[i] = x.Shape[i];
        int unknown = Array.IndexOf(resolved, -1L);
        long known = resolved.Where(d => d != -1).Aggregate(1L, (a, d) => a * d);
        if (unknown >= 0) resolved[unknown] = x.Elements / known;
        if (resolved.Aggregate(1L, (a, d) => a * d) != x.Elements)
            throw new ArgumentException($"Reshape '{name}': {x} cannot become [{string.Join(',', shape)}]");
        return Node("Reshape", name, [x.Name, Int64s($"{name}.shape", shape)], resolved);
    }

    public TensorRef Transpose(string name, TensorRef x, params int[] perm)
    {
        if (perm.Length != x.Rank || perm.Distinct().Count() != x.Rank || perm.Any(p => p < 0 || p >= x.Rank))
            throw new ArgumentException($"Transpose '{name}': [{string.Join(',', perm)}] is not a permutation of {x}'s axes");
        return Node("Transpose", name, [x.Name], perm.Select(p => x.Shape[p]).ToArray(), Attr("perm", perm.Select(p => (long)p).ToArray()));
    }

    /// <summary>Opset-13 Split: the sizes are an int64 input. Outputs are named NAME_0, NAME_1, ….</summary>
    public TensorRef[] Split(string name, TensorRef x, int axis, params long[] sizes)
    {
        int at = axis < 0 ? axis + x.Rank : axis;
        if (sizes.Sum() != x.Shape[at])
            throw new ArgumentException($"Split '{name}': sizes [{string.Join(',', sizes)}] do not add up to {x.Shape[at]}");
        var names = sizes.Select((_, i) => $"{name}_{i}").ToArray();
        var shapes = sizes.Select(s => { var sh = (long[])x.Shape.Clone(); sh[at] = s; return sh; }).ToArray();
        return Node("Split", name, [x.Name, Int64s($"{name}.split", sizes)], names, shapes, Attr("axis", (long)axis));
    }

    public TensorRef Softmax(string name, TensorRef x, int axis = -1) => Node("Softmax", name, [x.Name], x.Shape, Attr("axis", (long)axis));

    /// <summary>
    /// Opset-13 LSTM, one direction, over x [T, B, F] (sequence first). Weights W[1, 4H, F], R[1, 4H, H] and
    /// B[1, 8H] are uniform in ±1/√H, PyTorch's nn.LSTM initialisation.
    /// </summary>
    public LstmOutputs Lstm(string name, TensorRef x, long hidden)
    {
        RequireRank(x, 3, "LSTM");
        long steps = x[0], batch = x[1], features = x[2];
        float bound = 1f / MathF.Sqrt(hidden);
        TensorRef Uniform(string suffix, long[] shape) =>
            Constant($"{name}.{suffix}", shape, SeededWeights.Uniform(Seed, $"{name}.{suffix}", shape.Aggregate(1L, (a, d) => a * d), -bound, bound));
        var w = Uniform("W", [1, 4 * hidden, features]);
        var r = Uniform("R", [1, 4 * hidden, hidden]);
        var b = Uniform("B", [1, 8 * hidden]);
        var outs = Node("LSTM", name, [x.Name, w.Name, r.Name, b.Name], [$"{name}_Y", $"{name}_Y_h", $"{name}_Y_c"],
            [[steps, 1, batch, hidden], [1, batch, hidden], [1, batch, hidden]],
            Attr("hidden_size", hidden), OnnxProtos.String("direction", "forward"));
        return new LstmOutputs(outs[0], outs[1], outs[2]);
    }

    private static long[] Broadcast(string name, long[] a, long[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            long db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"'{name}': shapes [{string.Join(',', a)}] and [{string.Join(',', b)}] do not broadcast");
            shape[i] = Math.Max(da, db);
        }
        return shape;
    }
}
