using Onnx;

namespace Verge.Inference.Graph;

/// <summary>The model's real inputs: graph inputs that are not initializers (old exports list weights as inputs too).</summary>
public static class DeclaredInputs
{
    public static IEnumerable<TensorInfo> Of(ModelProto model)
    {
        var weights = new HashSet<string>(model.Graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var vi in model.Graph.Input)
            if (!weights.Contains(vi.Name) && ShapeResolver.FromValueInfo(vi) is { } t)
                yield return t;
    }
}
