using Onnx;

namespace Verge.Inference.Graph;

/// <summary>
/// The batch dimension of Verge's own exports. They are written for one image (batch 1, what profiles, cuts and
/// plans assume); <see cref="MakeDynamic"/> turns that leading 1 of every input, output and value_info into the
/// symbolic <see cref="Symbol"/> marked with ONNX's standard denotation <see cref="Denotation"/>, so ONNX Runtime and
/// the edge server run any batch. <see cref="FixToOne"/> is its exact inverse: analysis takes such a dimension as 1
/// and sees the very bytes of the batch-1 export. Symbolic dimensions without the mark (a user's model) are left
/// alone, so they still ask for a shape override.
/// </summary>
public static class BatchDimension
{
    public const string Symbol = "N";

    /// <summary>ONNX's dimension denotation for a batch axis (docs/DimensionDenotation.md in the ONNX repository).</summary>
    public const string Denotation = "DATA_BATCH";

    /// <summary>Makes the leading dimension of every input, output and value_info that is 1 the marked batch symbol.</summary>
    public static ModelProto MakeDynamic(ModelProto model)
    {
        foreach (var vi in Values(model.Graph))
            if (vi.Type?.TensorType?.Shape is { Dim.Count: > 0 } s && s.Dim[0] is { ValueCase: TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue, DimValue: 1 })
                s.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = Symbol, Denotation = Denotation };
        return model;
    }

    /// <summary>Sets every marked batch dimension back to 1; true if there was one.</summary>
    public static bool FixToOne(ModelProto model)
    {
        bool any = false;
        foreach (var vi in Values(model.Graph))
            if (vi.Type?.TensorType?.Shape is { Dim.Count: > 0 } s && IsMarked(s.Dim[0]))
            {
                s.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
                any = true;
            }
        return any;
    }

    private static bool IsMarked(TensorShapeProto.Types.Dimension d) =>
        d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam == Symbol && d.Denotation == Denotation;

    private static IEnumerable<ValueInfoProto> Values(GraphProto g) => g.Input.Concat(g.Output).Concat(g.ValueInfo);
}
