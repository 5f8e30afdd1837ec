namespace Verge.Inference.Graph;

/// <summary>ONNX tensor element types (TensorProto.DataType) with their names and sizes.</summary>
public static class ElementType
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, String = 8, Bool = 9,
        Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, BFloat16 = 16;

    public static string Name(int type) => type switch
    {
        Float => "float", UInt8 => "uint8", Int8 => "int8", UInt16 => "uint16", Int16 => "int16", Int32 => "int32",
        Int64 => "int64", String => "string", Bool => "bool", Float16 => "float16", Double => "double",
        UInt32 => "uint32", UInt64 => "uint64", BFloat16 => "bfloat16", _ => $"type{type}",
    };

    /// <summary>Bytes per element; 0 where the size is not fixed (strings) or unknown.</summary>
    public static int Size(int type) => type switch
    {
        Float or Int32 or UInt32 => 4,
        Double or Int64 or UInt64 => 8,
        UInt8 or Int8 or Bool => 1,
        UInt16 or Int16 or Float16 or BFloat16 => 2,
        _ => 0,
    };

    public static bool IsFloatingPoint(int type) => type is Float or Double or Float16 or BFloat16;
}
