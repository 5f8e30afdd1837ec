using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Verge.Net.Tests.Serving;

/// <summary>The Open Inference Protocol's REST form, called with a plain HttpClient and the protocol's JSON.</summary>
public sealed class OipRestTests(EdgeServerFixture edge) : IClassFixture<EdgeServerFixture>
{
    private static JsonObject DenseBody(float[] x, long[] shape) => new()
    {
        ["id"] = "q7",
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "x",
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)d).ToArray()),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray(x.Select(v => (JsonNode?)v).ToArray()),
        }),
        ["parameters"] = new JsonObject { ["priority"] = 1 },
    };

    [Fact]
    public async Task DenseOutputsEqualOnnxRuntimeRunLocally()
    {
        var x = OipModels.Floats(seed: 5, count: 3 * 4);
        using var reply = await edge.Http.PostAsJsonAsync("/v2/models/dense/infer", DenseBody(x, [3, 4]));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var body = (await reply.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal("dense", (string?)body["model_name"]);
        Assert.Equal("1", (string?)body["model_version"]);
        Assert.Equal("q7", (string?)body["id"]);
        var y = body["outputs"]![0]!;
        Assert.Equal("FP32", (string?)y["datatype"]);
        Assert.Equal([3L, 3L], y["shape"]!.AsArray().Select(d => (long)d!));
        Assert.Equal(OipModels.DenseLocally(x, 3), y["data"]!.AsArray().Select(v => (float)v!));
    }

    [Fact]
    public async Task NestedDataAndAVersionInThePathWork()
    {
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject { ["name"] = "a", ["shape"] = new JsonArray(1, 2), ["datatype"] = "INT64", ["data"] = new JsonArray(new JsonArray(1, 2)) },
                new JsonObject { ["name"] = "b", ["shape"] = new JsonArray(1, 2), ["datatype"] = "INT32", ["data"] = new JsonArray(3, 4) }),
        };
        using var reply = await edge.Http.PostAsJsonAsync("/v2/models/ints/versions/1/infer", body);
        var outputs = (await reply.Content.ReadFromJsonAsync<JsonObject>())!["outputs"]!.AsArray();
        Assert.Equal("sum INT64 6,7", Describe(outputs[0]!));
        Assert.Equal("product INT32 9,12", Describe(outputs[1]!));
    }

    [Fact]
    public async Task HealthAndMetadataAnswer()
    {
        Assert.Equal(HttpStatusCode.OK, (await edge.Http.GetAsync("/v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Http.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await edge.Http.GetAsync("/v2/models/dense/ready")).StatusCode);
        Assert.Equal("verge", (string?)(await edge.Http.GetFromJsonAsync<JsonObject>("/v2"))!["name"]);

        var meta = (await edge.Http.GetFromJsonAsync<JsonObject>("/v2/models/ints"))!;
        Assert.Equal("onnxruntime_onnx", (string?)meta["platform"]);
        Assert.Equal(["a INT64 [1,2]", "b INT32 [1,2]"], meta["inputs"]!.AsArray().Select(t => $"{t!["name"]} {t["datatype"]} [{string.Join(',', t["shape"]!.AsArray())}]"));
        var dense = (await edge.Http.GetFromJsonAsync<JsonObject>("/v2/models/dense/versions/1"))!;
        Assert.Equal("[-1,4]", dense["inputs"]![0]!["shape"]!.ToJsonString());
    }

    [Fact]
    public async Task ErrorsAnswerJsonWithTheMappedStatus()
    {
        using var tooMany = await edge.Http.PostAsJsonAsync("/v2/models/dense/infer", DenseBody(OipModels.Floats(1, 5), [1, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("input 'x': shape [1,3] needs 3 values, got 5", (string?)(await tooMany.Content.ReadFromJsonAsync<JsonObject>())!["error"]);

        using var notJson = await edge.Http.PostAsync("/v2/models/dense/infer", new StringContent("{inputs"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not JSON", (string?)(await notJson.Content.ReadFromJsonAsync<JsonObject>())!["error"]);

        using var missing = await edge.Http.PostAsJsonAsync("/v2/models/missing/infer", DenseBody(OipModels.Floats(1, 4), [1, 4]));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("model 'missing'", (string?)(await missing.Content.ReadFromJsonAsync<JsonObject>())!["error"]);

        Assert.Equal(HttpStatusCode.NotFound, (await edge.Http.GetAsync("/v2/models/missing")).StatusCode);
    }

    private static string Describe(JsonNode t) => $"{t["name"]} {t["datatype"]} {string.Join(',', t["data"]!.AsArray())}";
}
