using Verge.Inference.Graph;

namespace Verge.Net.Serving;

/// <summary>
/// The Open Inference Protocol's datatype names ("FP32", "INT64", …) against ONNX element types. BYTES (strings)
/// is not carried: the server serves numeric tensors only.
/// </summary>
public static class OipDatatype
{
    private static readonly (string Name, int Type)[] Table =
    [
        ("BOOL", ElementType.Bool), ("UINT8", ElementType.UInt8), ("UINT16", ElementType.UInt16),
        ("UINT32", ElementType.UInt32), ("UINT64", ElementType.UInt64), ("INT8", ElementType.Int8),
        ("INT16", ElementType.Int16), ("INT32", ElementType.Int32), ("INT64", ElementType.Int64),
        ("FP16", ElementType.Float16), ("FP32", ElementType.Float), ("FP64", ElementType.Double),
        ("BF16", ElementType.BFloat16),
    ];

    /// <summary>The protocol's name for an ONNX element type.</summary>
    public static string Name(int elementType) =>
        Table.FirstOrDefault(t => t.Type == elementType).Name ?? ElementType.Name(elementType).ToUpperInvariant();

    /// <summary>The ONNX element type for a protocol datatype name; false when the server does not carry it.</summary>
    public static bool TryParse(string name, out int elementType)
    {
        foreach (var t in Table)
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                elementType = t.Type;
                return true;
            }
        elementType = 0;
        return false;
    }

    public static string Supported => string.Join(", ", Table.Select(t => t.Name));
}
