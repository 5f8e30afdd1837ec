using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Graph.Passes;

/// <summary>
/// Writes the QDQ form of a model (the format of ONNX Runtime's static quantization): each planned activation gets
/// QuantizeLinear→DequantizeLinear with its calibrated per-tensor scale and zero point; each weight becomes an int8
/// initializer (symmetric, per output channel where the plan says so) behind a DequantizeLinear; each planned bias
/// becomes int32 with scale = activation scale × weight scale and zero point 0, as QLinearConv/QGemm expect.
/// ONNX Runtime fuses every complete DQ→op→Q group into an int8 kernel at session creation.
/// </summary>
/// <remarks>Quantization and training of neural networks for integer-arithmetic-only inference (Jacob et al., CVPR 2018).</remarks>
public static class QdqRewriter
{
    public static ModelProto Rewrite(ModelProto model, QdqPlan plan, IReadOnlyDictionary<string, TensorRange> ranges, ActivationType activations, string source)
    {
        var rewritten = model.Clone();
        var g = rewritten.Graph;
        var init = g.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var names = new HashSet<string>(g.Initializer.Select(i => i.Name)
            .Concat(g.Input.Select(i => i.Name)).Concat(g.Node.SelectMany(n => n.Output)).Concat(g.Node.Select(n => n.Name)), StringComparer.Ordinal);
        string Fresh(string name)
        {
            while (!names.Add(name)) name += "_";
            return name;
        }

        // Activations: one Q→DQ pair per tensor, read by every former reader of the tensor.
        var activationScales = new Dictionary<string, float>(StringComparer.Ordinal);
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = new Dictionary<string, NodeProto[]>(StringComparer.Ordinal);
        foreach (var t in plan.Activations)
        {
            if (!ranges.TryGetValue(t, out var range)) continue;
            var (scale, zeroPoint) = ActivationParameters(range, activations);
            activationScales[t] = scale;
            string s = Fresh($"{t}_scale"), z = Fresh($"{t}_zero_point"), q = Fresh($"{t}_quantized"), dq = Fresh($"{t}_dequantized");
            g.Initializer.Add(OnnxProtos.Floats(s, [], [scale]));
            g.Initializer.Add(ZeroPoints(z, [], [zeroPoint], activations));
            pairs[t] = [OnnxProtos.Node("QuantizeLinear", Fresh($"{t}_QuantizeLinear"), [t, s, z], [q]),
                        OnnxProtos.Node("DequantizeLinear", Fresh($"{t}_DequantizeLinear"), [q, s, z], [dq])];
            dequantized[t] = dq;
        }
        foreach (var n in g.Node)
            for (int i = 0; i < n.Input.Count; i++)
                if (dequantized.TryGetValue(n.Input[i], out var dq)) n.Input[i] = dq;

        // Weights and biases: constants behind DequantizeLinear, placed first (they depend on initializers only).
        var constants = new List<NodeProto>();
        var weights = new Dictionary<(string, int), (string Output, float[] Scales)>();
        var byName = g.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var original = model.Graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var qn in plan.Nodes)
        {
            var node = byName[qn.Name];
            if (qn.WeightInput < 0) continue;
            var wName = node.Input[qn.WeightInput];
            if (!weights.TryGetValue((wName, qn.WeightAxis), out var w))
            {
                w = QuantizeWeight(init[wName], qn.WeightAxis, source, Fresh, g, constants);
                weights[(wName, qn.WeightAxis)] = w;
            }
            node.Input[qn.WeightInput] = w.Output;

            var activation = original[qn.Name].Input[qn.ActivationInputs[0]];
            if (qn.BiasInput >= 0 && activationScales.TryGetValue(activation, out var actScale))
                node.Input[qn.BiasInput] = QuantizeBias(init[node.Input[qn.BiasInput]], actScale, w.Scales, qn.Name, source, Fresh, g, constants);
        }

        var ordered = new List<NodeProto>(constants);
        foreach (var t in g.Input.Select(i => i.Name))
            if (pairs.TryGetValue(t, out var p)) ordered.AddRange(p);
        foreach (var n in g.Node)
        {
            ordered.Add(n);
            foreach (var o in n.Output)
                if (pairs.TryGetValue(o, out var p)) ordered.AddRange(p);
        }
        g.Node.Clear();
        g.Node.AddRange(ordered);
        UnusedInitializers.Remove(g);

        foreach (var o in rewritten.OpsetImport.Where(o => o.Domain is "" or "ai.onnx"))
            o.Version = Math.Max(o.Version, OpsetUpgrade.Target);
        rewritten.IrVersion = Math.Max(rewritten.IrVersion, 7);
        rewritten.ProducerName = "verge-int8";
        return rewritten;
    }

    /// <summary>Asymmetric 8-bit parameters whose grid covers the range and represents 0 exactly.</summary>
    public static (float Scale, int ZeroPoint) ActivationParameters(TensorRange range, ActivationType type)
    {
        var (qmin, qmax) = type == ActivationType.UInt8 ? (0, 255) : (-128, 127);
        float lo = Math.Min(range.Min, 0f), hi = Math.Max(range.Max, 0f);
        float scale = (hi - lo) / (qmax - qmin);
        if (!(scale > 0) || !float.IsFinite(scale)) return (1f, 0); // an all-zero tensor
        int zeroPoint = (int)Math.Clamp(MathF.Round(qmin - lo / scale), qmin, qmax);
        return (scale, zeroPoint);
    }

    /// <summary>Symmetric int8 in [-127, 127] with zero point 0, per slice along <paramref name="axis"/> (or per tensor for -1).</summary>
    private static (string Output, float[] Scales) QuantizeWeight(TensorProto weight, int axis, string source, Func<string, string> fresh,
        GraphProto g, List<NodeProto> constants)
    {
        var values = ProtoValues.ReadFloats(weight, source);
        var dims = weight.Dims.ToArray();
        int channels = axis < 0 ? 1 : (int)dims[axis];
        long inner = axis < 0 ? values.Length : dims.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
        var maxAbs = new float[channels];
        for (long i = 0; i < values.Length; i++)
        {
            int c = (int)(i / inner % channels);
            maxAbs[c] = Math.Max(maxAbs[c], MathF.Abs(values[i]));
        }
        var scales = maxAbs.Select(m => m > 0 ? m / 127f : 1f).ToArray();
        var quantized = new sbyte[values.Length];
        for (long i = 0; i < values.Length; i++)
        {
            int c = (int)(i / inner % channels);
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / scales[c]), -127f, 127f);
        }

        long[] scaleDims = axis < 0 ? [] : [channels];
        string q = fresh($"{weight.Name}_quantized"), s = fresh($"{weight.Name}_scale"), z = fresh($"{weight.Name}_zero_point"), dq = fresh($"{weight.Name}_dequantized");
        g.Initializer.Add(OnnxProtos.Int8s(q, dims, quantized));
        g.Initializer.Add(OnnxProtos.Floats(s, scaleDims, scales));
        g.Initializer.Add(OnnxProtos.Int8s(z, scaleDims, new sbyte[channels]));
        constants.Add(OnnxProtos.Node("DequantizeLinear", fresh($"{weight.Name}_DequantizeLinear"), [q, s, z], [dq], axis < 0 ? [] : [OnnxProtos.Int("axis", axis)]));
        return (dq, scales);
    }

    private static string QuantizeBias(TensorProto bias, float activationScale, float[] weightScales, string nodeName, string source,
        Func<string, string> fresh, GraphProto g, List<NodeProto> constants)
    {
        var values = ProtoValues.ReadFloats(bias, source);
        var scales = new float[values.Length];
        var quantized = new int[values.Length];
        for (int c = 0; c < values.Length; c++)
        {
            scales[c] = activationScale * weightScales[weightScales.Length == 1 ? 0 : c];
            double q = Math.Round(values[c] / (double)scales[c]);
            quantized[c] = (int)Math.Clamp(q, int.MinValue + 1, int.MaxValue);
        }
        string q0 = fresh($"{nodeName}.bias_quantized"), s = fresh($"{nodeName}.bias_scale"), dq = fresh($"{nodeName}.bias_dequantized");
        g.Initializer.Add(OnnxProtos.Int32s(q0, [values.Length], quantized));
        g.Initializer.Add(OnnxProtos.Floats(s, [values.Length], scales));
        constants.Add(OnnxProtos.Node("DequantizeLinear", fresh($"{nodeName}.bias_DequantizeLinear"), [q0, s], [dq], OnnxProtos.Int("axis", 0)));
        return dq;
    }

    /// <summary>8-bit zero points: int8 or uint8, each value already in the type's range.</summary>
    private static TensorProto ZeroPoints(string name, long[] dims, int[] values, ActivationType type)
    {
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) bytes[i] = unchecked((byte)values[i]);
        return OnnxProtos.Raw(name, type == ActivationType.UInt8 ? ElementType.UInt8 : ElementType.Int8, dims, bytes);
    }
}
