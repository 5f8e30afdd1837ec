using System.Runtime.InteropServices;
using Google.Protobuf;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Api;
using Verge.Net.Serving.Protocol;
using InputTensor = Verge.Net.Serving.Protocol.ModelInferRequest.Types.InferInputTensor;
using OutputTensor = Verge.Net.Serving.Protocol.ModelInferResponse.Types.InferOutputTensor;

namespace Verge.Net.Serving;

/// <summary>The gRPC form's tensors: typed <see cref="InferTensorContents"/> or raw contents, to and from <see cref="NamedTensor"/>.</summary>
public static class GrpcTensors
{
    public static IReadOnlyList<NamedTensor> Inputs(ModelInferRequest request)
    {
        var raw = request.RawInputContents;
        if (raw.Count != 0 && raw.Count != request.Inputs.Count)
            throw ServingStatus.Invalid($"raw_input_contents has {raw.Count} entries for {request.Inputs.Count} inputs; send one per input, in order");
        var tensors = new List<NamedTensor>(request.Inputs.Count);
        for (int i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var shape = input.Shape.ToArray();
            if (raw.Count != 0)
            {
                if (input.Contents is not null && ValueCount(input.Contents) > 0)
                    throw ServingStatus.Invalid($"input '{input.Name}': both contents and raw_input_contents given; send one of them");
                tensors.Add(OipTensors.FromRaw(input.Name, input.Datatype, shape, raw[i].Memory));
            }
            else
                tensors.Add(FromContents(input, shape));
        }
        return tensors;
    }

    private static NamedTensor FromContents(InputTensor input, long[] shape)
    {
        var c = input.Contents ?? new InferTensorContents();
        int type = OipTensors.ElementTypeOf(input.Name, input.Datatype);
        var field = FieldFor(type);
        if (field is not null && ValueCount(c) > 0 && FieldCount(c, field) == 0)
            throw ServingStatus.Invalid($"input '{input.Name}': {input.Datatype} values go in contents.{field}, which is empty; move them there");
        return type switch
        {
            ElementType.Float => Typed(input, shape, c.Fp32Contents.Count, i => (long)c.Fp32Contents[i], i => c.Fp32Contents[i]),
            ElementType.Double => Typed(input, shape, c.Fp64Contents.Count, i => (long)c.Fp64Contents[i], i => c.Fp64Contents[i]),
            ElementType.Int8 or ElementType.Int16 or ElementType.Int32 => Typed(input, shape, c.IntContents.Count, i => c.IntContents[i], i => c.IntContents[i]),
            ElementType.Int64 => Typed(input, shape, c.Int64Contents.Count, i => c.Int64Contents[i], i => c.Int64Contents[i]),
            ElementType.UInt8 or ElementType.UInt16 or ElementType.UInt32 => Typed(input, shape, c.UintContents.Count, i => c.UintContents[i], i => c.UintContents[i]),
            ElementType.UInt64 => Typed(input, shape, c.Uint64Contents.Count, i => unchecked((long)c.Uint64Contents[i]), i => c.Uint64Contents[i]),
            ElementType.Bool => Typed(input, shape, c.BoolContents.Count, i => c.BoolContents[i] ? 1 : 0, i => c.BoolContents[i] ? 1 : 0),
            _ => throw ServingStatus.Invalid($"input '{input.Name}': datatype {input.Datatype} has no typed contents; send it in raw_input_contents"),
        };
    }

    private static NamedTensor Typed(InputTensor input, long[] shape, int count, Func<int, long> integer, Func<int, double> real) =>
        OipTensors.FromValues(input.Name, input.Datatype, shape, count, integer, real);

    private static string? FieldFor(int type) => type switch
    {
        ElementType.Float => "fp32_contents",
        ElementType.Double => "fp64_contents",
        ElementType.Int8 or ElementType.Int16 or ElementType.Int32 => "int_contents",
        ElementType.Int64 => "int64_contents",
        ElementType.UInt8 or ElementType.UInt16 or ElementType.UInt32 => "uint_contents",
        ElementType.UInt64 => "uint64_contents",
        ElementType.Bool => "bool_contents",
        _ => null,
    };

    private static int FieldCount(InferTensorContents c, string field) => field switch
    {
        "fp32_contents" => c.Fp32Contents.Count,
        "fp64_contents" => c.Fp64Contents.Count,
        "int_contents" => c.IntContents.Count,
        "int64_contents" => c.Int64Contents.Count,
        "uint_contents" => c.UintContents.Count,
        "uint64_contents" => c.Uint64Contents.Count,
        _ => c.BoolContents.Count,
    };

    private static int ValueCount(InferTensorContents c) =>
        c.BoolContents.Count + c.IntContents.Count + c.Int64Contents.Count + c.UintContents.Count + c.Uint64Contents.Count
        + c.Fp32Contents.Count + c.Fp64Contents.Count + c.BytesContents.Count;

    /// <summary>
    /// Whether an answer must travel as raw contents: when the client sent raw inputs (Triton's clients do), or when an
    /// output has no typed field (FP16, BF16) — the protocol has raw contents for all outputs or for none.
    /// </summary>
    public static bool AnswerRaw(ModelInferRequest request, IReadOnlyList<NamedTensor> outputs) =>
        request.RawInputContents.Count > 0 || outputs.Any(o => o.ElementType is ElementType.Float16 or ElementType.BFloat16);

    /// <summary>Adds one output to the response: as raw contents when <see cref="AnswerRaw"/> says so, typed otherwise.</summary>
    public static void AddOutput(ModelInferResponse response, NamedTensor t, bool raw)
    {
        var output = new OutputTensor { Name = t.Name, Datatype = OipDatatype.Name(t.ElementType) };
        output.Shape.AddRange(t.Shape);
        response.Outputs.Add(output);
        if (raw)
        {
            response.RawOutputContents.Add(ByteString.CopyFrom(t.Data.Span));
            return;
        }
        var c = output.Contents = new InferTensorContents();
        int n = OipTensors.Count(t);
        switch (t.ElementType)
        {
            case ElementType.Float: c.Fp32Contents.AddRange(MemoryMarshal.Cast<byte, float>(t.Data.Span).ToArray()); break;
            case ElementType.Double: c.Fp64Contents.AddRange(MemoryMarshal.Cast<byte, double>(t.Data.Span).ToArray()); break;
            case ElementType.Int64: c.Int64Contents.AddRange(MemoryMarshal.Cast<byte, long>(t.Data.Span).ToArray()); break;
            case ElementType.Int8 or ElementType.Int16 or ElementType.Int32:
                for (int i = 0; i < n; i++) c.IntContents.Add((int)OipTensors.Integer(t, i));
                break;
            case ElementType.UInt8 or ElementType.UInt16 or ElementType.UInt32:
                for (int i = 0; i < n; i++) c.UintContents.Add((uint)OipTensors.Integer(t, i));
                break;
            case ElementType.UInt64:
                for (int i = 0; i < n; i++) c.Uint64Contents.Add(unchecked((ulong)OipTensors.Integer(t, i)));
                break;
            case ElementType.Bool:
                for (int i = 0; i < n; i++) c.BoolContents.Add(OipTensors.Integer(t, i) != 0);
                break;
            default:
                throw new InvalidOperationException($"output '{t.Name}' {output.Datatype} has no typed field; AnswerRaw sends it raw");
        }
    }

    /// <summary>The request parameters as plain values for <see cref="OipParameters"/>.</summary>
    public static IReadOnlyDictionary<string, object> Parameters(IDictionary<string, InferParameter> parameters)
    {
        var values = new Dictionary<string, object>();
        foreach (var (key, p) in parameters)
        {
            object? v = p.ParameterChoiceCase switch
            {
                InferParameter.ParameterChoiceOneofCase.BoolParam => p.BoolParam,
                InferParameter.ParameterChoiceOneofCase.Int64Param => p.Int64Param,
                InferParameter.ParameterChoiceOneofCase.StringParam => p.StringParam,
                InferParameter.ParameterChoiceOneofCase.DoubleParam => p.DoubleParam,
                InferParameter.ParameterChoiceOneofCase.Uint64Param => p.Uint64Param,
                _ => null,
            };
            if (v is not null) values[key] = v;
        }
        return values;
    }
}
