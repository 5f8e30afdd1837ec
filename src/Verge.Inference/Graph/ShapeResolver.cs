using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph;

/// <summary>
/// Gives every tensor of a model a static shape and type: from the model's own declarations (inputs, outputs,
/// value_info, initializers) where they are complete, otherwise by running the model once in ONNX Runtime with every
/// intermediate tensor exposed as an output, which is the ground truth for what the runtime will move.
/// </summary>
public static class ShapeResolver
{
    public static Dictionary<string, TensorInfo> Resolve(ModelProto model, string label)
    {
        var g = model.Graph;
        var known = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (var init in g.Initializer)
            known[init.Name] = new TensorInfo(init.Name, init.DataType, init.Dims.ToArray());
        foreach (var vi in g.Input.Concat(g.ValueInfo).Concat(g.Output))
            if (FromValueInfo(vi) is { } t && !known.ContainsKey(t.Name))
                known[t.Name] = t;

        bool complete = g.Node.SelectMany(n => n.Output).Where(o => o.Length > 0)
            .All(o => known.TryGetValue(o, out var t) && t.IsStatic && t.ElementType != 0);
        if (complete) return known;

        foreach (var (name, info) in Measure(model, known, label))
            known[name] = info;
        return known;
    }

    public static TensorInfo? FromValueInfo(ValueInfoProto vi)
    {
        var tt = vi.Type?.TensorType;
        if (tt is null) return null;
        long[] shape = tt.Shape is null
            ? [-1]
            : tt.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray();
        return new TensorInfo(vi.Name, tt.ElemType, shape);
    }

    private static IEnumerable<(string, TensorInfo)> Measure(ModelProto model, Dictionary<string, TensorInfo> known, string label)
    {
        var probe = model.Clone();
        var g = probe.Graph;
        var exposed = new HashSet<string>(g.Output.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var o in g.Node.SelectMany(n => n.Output))
            if (o.Length > 0 && exposed.Add(o))
                g.Output.Add(new ValueInfoProto { Name = o });

        var inputs = DeclaredInputs.Of(model).ToList();
        var results = new List<(string, TensorInfo)>();
        var feeds = new List<OrtValue>();
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
            options.IntraOpNumThreads = Math.Max(1, Environment.ProcessorCount);
            using var session = new InferenceSession(probe.ToByteArray(), options);
            foreach (var t in inputs) feeds.Add(Zeros(t));
            var names = session.OutputNames.ToArray();
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs.Select(t => t.Name).ToArray(), feeds.ToArray(), names);
            for (int i = 0; i < names.Length; i++)
            {
                var value = outputs[i];
                if (!value.IsTensor) continue;
                var ts = value.GetTensorTypeAndShape();
                results.Add((names[i], new TensorInfo(names[i], (int)ts.ElementDataType, ts.Shape)));
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new InputException($"ONNX Runtime cannot run '{label}' to find its tensor shapes: {e.Message.ReplaceLineEndings(" ")}; check the opset and the shape overrides") { Term = "the shape overrides" };
        }
        finally
        {
            foreach (var f in feeds) f.Dispose();
        }
        return results;
    }

    /// <summary>An all-zero input: shapes do not depend on values for the graphs Verge reads.</summary>
    private static OrtValue Zeros(TensorInfo t)
    {
        if (!t.IsStatic) throw new InvalidOperationException($"input '{t.Name}' has no static shape");
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (Microsoft.ML.OnnxRuntime.Tensors.TensorElementType)t.ElementType, t.Shape);
        value.GetTensorMutableRawData().Clear();
        return value;
    }
}
