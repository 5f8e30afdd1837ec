using Onnx;
using Verge.Inference.Graph.Building;

namespace Verge.Inference.Graph.Passes;

/// <summary>
/// Folds inference-mode BatchNormalization into the Conv that feeds it: W' = W·γ/√(σ²+ε) per output channel,
/// b' = (b − μ)·γ/√(σ²+ε) + β. Quantizing the folded weight keeps Conv→Q adjacent, which ONNX Runtime's QDQ fusion
/// needs (a BN between them would stay in float and block the int8 kernel).
/// </summary>
public static class BatchNormFolding
{
    /// <summary>A copy of <paramref name="model"/> with every foldable BN folded; returns how many were.</summary>
    public static (ModelProto Model, int Folded) Fold(ModelProto model, string source)
    {
        var folded = model.Clone();
        var g = folded.Graph;
        var init = g.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var outputs = g.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var n in g.Node)
            foreach (var i in n.Input)
                readers[i] = readers.GetValueOrDefault(i) + 1;
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var n in g.Node)
            foreach (var o in n.Output)
                producer[o] = n;

        int count = 0;
        foreach (var bn in g.Node.Where(n => n.OpType == "BatchNormalization" && n.Domain is "" or "ai.onnx").ToList())
        {
            if (bn.Output.Count(o => o.Length > 0) != 1 || ProtoValues.Int(bn, "training_mode", 0) != 0) continue;
            if (!producer.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv") continue;
            if (readers.GetValueOrDefault(conv.Output[0]) != 1 || outputs.Contains(conv.Output[0])) continue;
            var parameters = bn.Input.Skip(1).Take(4).Select(p => init.GetValueOrDefault(p)).ToArray();
            if (parameters.Length != 4 || parameters.Any(p => p is null || !ProtoValues.IsFloat(p))) continue;
            if (!init.TryGetValue(conv.Input[1], out var weight) || !ProtoValues.IsFloat(weight)) continue;
            bool hasBias = conv.Input.Count > 2 && conv.Input[2].Length > 0;
            if (hasBias && (!init.TryGetValue(conv.Input[2], out var b0) || !ProtoValues.IsFloat(b0))) continue;

            var gamma = ProtoValues.ReadFloats(parameters[0]!, source);
            var beta = ProtoValues.ReadFloats(parameters[1]!, source);
            var mean = ProtoValues.ReadFloats(parameters[2]!, source);
            var variance = ProtoValues.ReadFloats(parameters[3]!, source);
            float epsilon = ProtoValues.Float(bn, "epsilon", 1e-5f);
            var w = ProtoValues.ReadFloats(weight, source);
            int channels = (int)weight.Dims[0];
            if (gamma.Length != channels || beta.Length != channels || mean.Length != channels || variance.Length != channels) continue;
            var bias = hasBias ? ProtoValues.ReadFloats(init[conv.Input[2]], source) : new float[channels];

            int perChannel = w.Length / channels;
            var newBias = new float[channels];
            for (int c = 0; c < channels; c++)
            {
                float k = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                w.AsSpan(c * perChannel, perChannel).MultiplyInPlace(k);
                newBias[c] = (bias[c] - mean[c]) * k + beta[c];
            }

            string wName = Fresh(init, $"{conv.Name}.weight_folded"), bName = Fresh(init, $"{conv.Name}.bias_folded");
            var newWeight = OnnxProtos.Floats(wName, weight.Dims.ToArray(), w);
            var newBiasTensor = OnnxProtos.Floats(bName, [channels], newBias);
            g.Initializer.Add(newWeight);
            g.Initializer.Add(newBiasTensor);
            init[wName] = newWeight;
            init[bName] = newBiasTensor;
            conv.Input[1] = wName;
            if (hasBias) conv.Input[2] = bName; else conv.Input.Add(bName);
            conv.Output[0] = bn.Output[0];
            g.Node.Remove(bn);
            count++;
        }
        if (count > 0) UnusedInitializers.Remove(g);
        return (folded, count);
    }

    private static string Fresh(Dictionary<string, TensorProto> taken, string name)
    {
        while (taken.ContainsKey(name)) name += "_";
        return name;
    }

    private static void MultiplyInPlace(this Span<float> values, float k) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, k, values);
}
