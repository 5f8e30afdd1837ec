using System.Text.Json;
using System.Text.Json.Nodes;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Api;

namespace Verge.Net.Serving;

/// <summary>
/// The REST form's tensors: <c>{"name", "shape", "datatype", "data"}</c> with data as a flat or nested row-major
/// array of numbers (or booleans), to and from <see cref="NamedTensor"/>.
/// </summary>
public static class JsonTensors
{
    public static IReadOnlyList<NamedTensor> Inputs(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw ServingStatus.Invalid("request has no 'inputs' array; send {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}");
        var tensors = new List<NamedTensor>();
        int index = 0;
        foreach (var input in inputs.EnumerateArray())
            tensors.Add(Input(input, index++));
        return tensors;
    }

    private static NamedTensor Input(JsonElement input, int index)
    {
        string name = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()! : throw ServingStatus.Invalid($"inputs[{index}] has no 'name' string; name every input");
        string datatype = input.TryGetProperty("datatype", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()! : throw ServingStatus.Invalid($"input '{name}': no 'datatype' string; give one such as FP32");
        if (!input.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array)
            throw ServingStatus.Invalid($"input '{name}': no 'shape' array; give the dimensions such as [1, 4]");
        var shape = s.EnumerateArray().Select(e => e.TryGetInt64(out var v) ? v
            : throw ServingStatus.Invalid($"input '{name}': shape holds '{e}', which is not a whole number")).ToArray();
        if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw ServingStatus.Invalid($"input '{name}': no 'data' array; give the values, flat or nested, row-major");

        var values = new List<JsonElement>();
        Flatten(data, values);
        return OipTensors.FromValues(name, datatype, shape, values.Count,
            i => Integer(name, i, values[i]), i => Real(name, i, values[i]));
    }

    private static void Flatten(JsonElement e, List<JsonElement> into)
    {
        if (e.ValueKind == JsonValueKind.Array)
            foreach (var x in e.EnumerateArray()) Flatten(x, into);
        else
            into.Add(e);
    }

    private static long Integer(string name, int i, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.Number when e.TryGetInt64(out var v) => v,
        JsonValueKind.Number when e.TryGetUInt64(out var u) => unchecked((long)u),
        _ => throw ServingStatus.Invalid($"input '{name}': data[{i}] is {e}, not a whole number"),
    };

    private static double Real(string name, int i, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        _ => throw ServingStatus.Invalid($"input '{name}': data[{i}] is {e}, not a number"),
    };

    /// <summary>The request's "parameters" object as plain values for <see cref="OipParameters"/>.</summary>
    public static IReadOnlyDictionary<string, object> Parameters(JsonElement body)
    {
        var values = new Dictionary<string, object>();
        if (!body.TryGetProperty("parameters", out var p) || p.ValueKind != JsonValueKind.Object) return values;
        foreach (var prop in p.EnumerateObject())
        {
            object? v = prop.Value.ValueKind switch
            {
                JsonValueKind.String => prop.Value.GetString(),
                JsonValueKind.Number when prop.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => prop.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
            if (v is not null) values[prop.Name] = v;
        }
        return values;
    }

    /// <summary>The names in the request's "outputs" array; empty means all.</summary>
    public static IReadOnlyList<string> RequestedOutputs(JsonElement body) =>
        body.TryGetProperty("outputs", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().Select(x => x.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "").ToList()
            : [];

    public static JsonObject Output(NamedTensor t)
    {
        var data = new JsonArray();
        int count = OipTensors.Count(t);
        for (int i = 0; i < count; i++)
            data.Add(t.ElementType switch
            {
                // A float written as float keeps its shortest round-trip text, so a client parses back the same bits.
                ElementType.Float => JsonValue.Create(BitConverter.Int32BitsToSingle(BitConverter.ToInt32(t.Data.Span[(i * 4)..]))),
                ElementType.Bool => JsonValue.Create(OipTensors.Integer(t, i) != 0),
                _ when ElementType.IsFloatingPoint(t.ElementType) => JsonValue.Create(OipTensors.Real(t, i)),
                ElementType.UInt64 => JsonValue.Create(unchecked((ulong)OipTensors.Integer(t, i))),
                _ => JsonValue.Create(OipTensors.Integer(t, i)),
            });
        return new JsonObject
        {
            ["name"] = t.Name,
            ["datatype"] = OipDatatype.Name(t.ElementType),
            ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["data"] = data,
        };
    }

    public static JsonObject Metadata(TensorInfo t) => new()
    {
        ["name"] = t.Name,
        ["datatype"] = OipDatatype.Name(t.ElementType),
        ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
    };
}
