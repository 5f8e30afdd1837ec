using Onnx;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;

namespace Verge.Inference.Compression.Int8;

/// <summary>Chooses the nodes and tensors of a QDQ rewrite; calibration then measures exactly those tensors.</summary>
public static class QdqPlanner
{
    public static readonly IReadOnlySet<string> QuantizableOps = new HashSet<string>(StringComparer.Ordinal) { "Conv", "Gemm", "MatMul" };

    public static QdqPlan Plan(ModelProto model, IReadOnlyDictionary<string, TensorInfo> tensors, Int8Options options)
    {
        var g = model.Graph;
        var init = g.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var graphOutputs = g.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var readers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var n in g.Node)
            foreach (var i in n.Input.Where(i => i.Length > 0).Distinct())
                (readers.TryGetValue(i, out var list) ? list : readers[i] = []).Add(n);

        bool IsFloatActivation(string t) => t.Length > 0 && !init.ContainsKey(t) && tensors.TryGetValue(t, out var info) && info.ElementType == ElementType.Float;
        bool IsFloatWeight(string t, int rank) => init.TryGetValue(t, out var w) && ProtoValues.IsFloat(w) && w.Dims.Count == rank;

        var nodes = new List<QuantizedNode>();
        var activations = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Need(string t)
        {
            if (seen.Add(t)) activations.Add(t);
        }

        foreach (var n in g.Node.Where(n => n.Domain is "" or "ai.onnx" && QuantizableOps.Contains(n.OpType)))
        {
            var q = Choose(n, init, IsFloatActivation, IsFloatWeight, options);
            if (q is null) continue;
            nodes.Add(q);
            foreach (var a in q.ActivationInputs) Need(n.Input[a]);
            if (!options.QuantizeOutputs) continue;

            // Quantize after a lone Relu/Clip: ONNX Runtime then drops the activation into the int8 kernel.
            var y = n.Output[0];
            if (readers.TryGetValue(y, out var next) && next.Count == 1 && !graphOutputs.Contains(y) &&
                next[0].OpType is "Relu" or "Clip" && next[0].Input[0] == y)
                y = next[0].Output[0];
            if (readers.ContainsKey(y) && IsFloatActivation(y)) Need(y);
        }
        return new QdqPlan(nodes, activations);
    }

    private static QuantizedNode? Choose(NodeProto n, Dictionary<string, TensorProto> init, Func<string, bool> isActivation,
        Func<string, int, bool> isWeight, Int8Options options)
    {
        string Input(int i) => i < n.Input.Count ? n.Input[i] : "";
        switch (n.OpType)
        {
            case "Conv":
            {
                if (!isActivation(Input(0)) || !init.TryGetValue(Input(1), out var w) || !ProtoValues.IsFloat(w) || w.Dims.Count < 3) return null;
                int bias = BiasOf(Input(2), w.Dims[0], init);
                return new QuantizedNode(n.Name, n.OpType, [0], 1, options.PerChannel ? 0 : -1, bias);
            }
            case "Gemm":
            {
                if (!isActivation(Input(0)) || !isWeight(Input(1), 2)) return null;
                bool transB = ProtoValues.Int(n, "transB", 0) != 0;
                long outputs = init[Input(1)].Dims[transB ? 0 : 1];
                bool plain = ProtoValues.Float(n, "alpha", 1f) == 1f && ProtoValues.Float(n, "beta", 1f) == 1f;
                int bias = plain ? BiasOf(Input(2), outputs, init) : -1;
                return new QuantizedNode(n.Name, n.OpType, [0], 1, options.PerChannel && transB ? 0 : -1, bias);
            }
            default: // MatMul: an initializer on either side is the weight (per-tensor); two activations are both QDQ'd
            {
                bool a = isActivation(Input(0)), b = isActivation(Input(1));
                if (a && b) return new QuantizedNode(n.Name, n.OpType, [0, 1], -1, -1, -1);
                if (a && isWeight(Input(1), 2)) return new QuantizedNode(n.Name, n.OpType, [0], 1, -1, -1);
                if (b && isWeight(Input(0), 2)) return new QuantizedNode(n.Name, n.OpType, [1], 0, -1, -1);
                return null;
            }
        }
    }

    /// <summary>Input 2 when it is a float initializer of one value per output channel, else -1 (left in float).</summary>
    private static int BiasOf(string name, long channels, Dictionary<string, TensorProto> init) =>
        name.Length > 0 && init.TryGetValue(name, out var b) && ProtoValues.IsFloat(b) && b.Dims.Count == 1 && b.Dims[0] == channels ? 2 : -1;
}
