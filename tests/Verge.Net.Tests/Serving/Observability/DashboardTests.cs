using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Verge.Inference.Serving.Dispatch;
using Verge.Net.Serving.Observability;

namespace Verge.Net.Tests.Serving.Observability;

/// <summary>
/// The dashboard at <c>/</c> and the JSON it polls, on a real edge server of its own: the page is served, and the
/// JSON's counts, batch sizes, percentiles, streams and (on a fake clock) throughput equal what was sent.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly EdgeServerFixture edge = new();

    public Task InitializeAsync() => edge.InitializeAsync();

    public Task DisposeAsync() => edge.DisposeAsync();

    private async Task Send(int count, string? stream = null)
    {
        for (int i = 0; i < count; i++)
        {
            var body = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "x", ["shape"] = new JsonArray(1, 4), ["datatype"] = "FP32",
                    ["data"] = new JsonArray(OipModels.Floats(seed: i, count: 4).Select(v => (JsonNode?)v).ToArray()),
                }),
            };
            if (stream is not null) body["parameters"] = new JsonObject { ["stream_id"] = stream, ["sequence"] = i };
            using var reply = await edge.Http.PostAsJsonAsync("/v2/models/dense/infer", body);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }
    }

    [Fact]
    public async Task ThePageIsServedAndTheJsonCountsWhatWasSent()
    {
        using var page = await edge.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/v2/dashboard", await page.Content.ReadAsStringAsync());

        await Send(5, stream: "cam-7");
        var json = (await edge.Http.GetFromJsonAsync<JsonObject>("/v2/dashboard"))!;
        var dense = json["models"]!.AsArray().Single(m => (string?)m!["name"] == "dense")!;
        Assert.Equal(5, (long)dense["requests"]!);
        Assert.Equal(5, (long)dense["answered"]!);
        Assert.Equal(0, (long)dense["queue_depth"]!);
        Assert.Equal(5, dense["batch_sizes"]!.AsArray().Select((n, i) => (long)n! * (i + 1)).Sum());
        Assert.Equal(8, dense["batch_sizes"]!.AsArray().Count); // max_batch_size 8
        Assert.NotNull(dense["compute_ms"]!["p99"]);
        var stream = json["streams"]!.AsArray().Single()!;
        Assert.Equal("cam-7", (string?)stream["stream"]);
        Assert.Equal(4, (long)stream["sequence"]!);
    }

    [Fact]
    public async Task ThroughputIsAnswersOverTheTimeBetweenPolls()
    {
        var clock = new FakeTimeProvider();
        var data = new DashboardData(edge.Host.Server, clock);
        double Throughput() => (double)data.Snapshot()["models"]!.AsArray().Single(m => (string?)m!["name"] == "dense")!["throughput"]!;

        Assert.Equal(0, Throughput()); // one poll: nothing to compare with yet
        await Send(6);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, Throughput());
        clock.Advance(DashboardData.Window + TimeSpan.FromSeconds(1)); // the first poll leaves the window
        Assert.Equal(0, Throughput());
    }

    [Fact]
    public void PercentilesAreBucketUpperBounds()
    {
        var histogram = new TimeHistogram();
        for (int i = 0; i < 98; i++) histogram.Record(TimeSpan.FromMilliseconds(0.8)); // bucket ≤ 1 ms
        for (int i = 0; i < 2; i++) histogram.Record(TimeSpan.FromMilliseconds(40)); // bucket ≤ 50 ms
        var p = DashboardData.Percentiles(histogram);
        Assert.Equal(1.0, (double)p["p50"]!, 9);
        Assert.Equal(1.0, (double)p["p95"]!, 9);
        Assert.Equal(50.0, (double)p["p99"]!, 9);
        Assert.Null(DashboardData.Percentiles(new TimeHistogram())["p50"]);
    }
}
