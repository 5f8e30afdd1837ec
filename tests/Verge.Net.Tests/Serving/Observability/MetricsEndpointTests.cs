using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Verge.Net.Tests.Serving.Observability;

/// <summary>
/// <c>GET /metrics</c> on a real edge server of its own (so no other test's requests are counted), after requests
/// sent over REST: the counters equal what was sent, the batch-size series add up to the rows sent.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly EdgeServerFixture edge = new();

    public Task InitializeAsync() => edge.InitializeAsync();

    public Task DisposeAsync() => edge.DisposeAsync();

    private static JsonObject Body(int rows, string? stream = null, long sequence = 0)
    {
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "x", ["shape"] = new JsonArray(rows, 4), ["datatype"] = "FP32",
                ["data"] = new JsonArray(OipModels.Floats(seed: rows, count: rows * 4).Select(v => (JsonNode?)v).ToArray()),
            }),
        };
        if (stream is not null) body["parameters"] = new JsonObject { ["stream_id"] = stream, ["sequence"] = sequence };
        return body;
    }

    private async Task<IReadOnlyList<PrometheusSample>> Scrape()
    {
        using var reply = await edge.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return PrometheusSample.Parse(await reply.Content.ReadAsStringAsync());
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    [Fact]
    public async Task CountersEqualTheRequestsSentAndBatchSizesAddUpToTheRows()
    {
        int[] rows = [1, 1, 1, 1, 1, 1, 3, 3];
        var replies = await Task.WhenAll(rows.Select(async (r, i) =>
        {
            using var reply = await edge.Http.PostAsJsonAsync("/v2/models/dense/infer", Body(r, i == 0 ? "cam-1" : null, 1));
            return reply.StatusCode;
        }));
        Assert.All(replies, s => Assert.Equal(HttpStatusCode.OK, s));

        var first = await Scrape();
        (string, string)[] dense = [("model", "dense"), ("version", "1")];
        Assert.Equal(rows.Length, Value(first, "verge_requests_total", dense));
        Assert.Equal(rows.Length, Value(first, "verge_answered_total", dense));
        Assert.Equal(0, Value(first, "verge_failures_total", dense));
        Assert.Equal(0, Value(first, "verge_rejections_total", dense));
        Assert.Equal(0, Value(first, "verge_queue_depth", dense));

        var runs = first.Where(s => s.Name == "verge_batch_runs_total" && s.Labels["model"] == "dense").ToList();
        Assert.Equal(rows.Sum(), runs.Sum(s => s.Value * int.Parse(s.Labels["batch_size"])));
        Assert.Equal(runs.Sum(s => s.Value), Value(first, "verge_compute_seconds_count", dense));
        Assert.Equal(rows.Length, Value(first, "verge_queue_seconds_count", dense));
        Assert.Equal(rows.Length, first.Single(s => s.Name == "verge_queue_seconds_bucket" && s.Labels["model"] == "dense" && s.Labels["le"] == "+Inf").Value);
        Assert.Single(first, s => s.Name == "verge_stream_age_seconds" && s.Labels["stream"] == "cam-1");

        // A second scrape adds nothing that did not happen: the histograms are caught up, not counted twice.
        var second = await Scrape();
        Assert.Equal(rows.Length, Value(second, "verge_queue_seconds_count", dense));
        Assert.Equal(Value(first, "verge_compute_seconds_count", dense), Value(second, "verge_compute_seconds_count", dense));
    }
}
