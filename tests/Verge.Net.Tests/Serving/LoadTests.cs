using System.Text.Json;
using Verge.Net.Hosting;
using Verge.Net.Serving;
using Verge.Net.Serving.Load;

namespace Verge.Net.Tests.Serving;

/// <summary>`verge load` against a real edge server: counts add up (never times); and its summary arithmetic.</summary>
public sealed class LoadTests
{
    [Fact]
    public async Task ClosedLoopWithStreamsAnswersEveryRequestItCounts()
    {
        var root = OipModels.Repository();
        try
        {
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), null);
            var report = await LoadGenerator.RunAsync(new LoadOptions(host.Url, "dense")
                { Concurrency = 2, Streams = 3, Duration = TimeSpan.FromMilliseconds(300), DeadlineMs = 60_000 });

            Assert.True(report.Answered > 0);
            Assert.Equal(0, report.Errors);
            Assert.Equal(report.Requests, report.Answered + report.Rejected + report.DeadlineMisses);
            Assert.Equal(report.Answered, host.Server.Statistics("dense").Answered);
            Assert.False(double.IsNaN(report.MeanAoiMs));
            Assert.True(report.P50Ms <= report.P99Ms);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task TheDeadlineIsTheServersToEnforceSoNoCallIsCutOffInTheClient()
    {
        // A deadline no request can meet: sent as a gRPC deadline too, each call would end in the client (and, under
        // overload, its stream resets would trip Kestrel's rapid-reset guard and drop the connection: UNAVAILABLE
        // errors). Sent as `deadline_ms` only, every request reaches the server, which times it out or answers late.
        var root = OipModels.Repository();
        try
        {
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), null);
            var report = await LoadGenerator.RunAsync(new LoadOptions(host.Url, "dense")
                { Rate = 200, Requests = 40, Duration = TimeSpan.FromSeconds(60), DeadlineMs = 0.001 });

            Assert.Equal(40, report.Requests);
            Assert.Equal(0, report.Errors);
            Assert.Equal(report.Requests, report.DeadlineMisses);
            Assert.Equal(report.Requests, host.Server.Statistics("dense").Requests);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task VergeLoadWritesThePerfAnalyzerKeys()
    {
        var root = OipModels.Repository();
        var json = Path.Combine(root, "load.json");
        try
        {
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge"), null);
            var load = await ChildProcess.RunVergeAsync(90, "load", host.Url, "--model", "ints", "--rate", "50", "--duration", "0.2", "--json", json);
            Assert.Equal(0, load.ExitCode);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            foreach (var key in new[] { "throughput_rps", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "queue_ms", "compute_ms", "rejected", "deadline_misses", "goodput_rps", "mean_aoi_ms" })
                Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
            Assert.Equal(10, doc.RootElement.GetProperty("requests").GetInt64());
            Assert.Equal(10, doc.RootElement.GetProperty("answered").GetInt64());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AgeOfInformationIsTheSawtoothsTimeAverage()
    {
        // One stream: frame captured at 0 answered at 10, frame captured at 10 answered at 20, run ends at 30.
        // Age rises 10→20 over [10,20] (mean 15), then 10→20 over [20,30] (mean 15): 15 on average.
        LoadSample[] answered = [new(LoadOutcome.Answered, 0, 10, 0, 0, 0), new(LoadOutcome.Answered, 10, 20, 0, 0, 0)];
        Assert.Equal(15, LoadSummary.MeanAgeOfInformation(answered, 30), 9);

        // A stale frame answered after a fresher one changes nothing.
        LoadSample[] withStale = [.. answered, new(LoadOutcome.Answered, 5, 25, 0, 0, 0)];
        Assert.Equal(15, LoadSummary.MeanAgeOfInformation(withStale, 30), 9);
    }

    [Fact]
    public void SummaryCountsLateAnswersAsMissesAndNotAsGoodput()
    {
        LoadSample[] samples =
        [
            new(LoadOutcome.Answered, 0, 5, 1, 2, -1), new(LoadOutcome.Answered, 0, 50, 1, 2, -1),
            new(LoadOutcome.Rejected, 0, 1, 0, 0, -1), new(LoadOutcome.TimedOut, 0, 20, 0, 0, -1),
        ];
        var report = LoadSummary.From(samples, durationMs: 1000, deadlineMs: 10);
        Assert.Equal((4L, 2L, 1L, 2L), (report.Requests, report.Answered, report.Rejected, report.DeadlineMisses));
        Assert.Equal(2, report.ThroughputRps, 9);
        Assert.Equal(1, report.GoodputRps, 9);
        Assert.True(double.IsNaN(report.MeanAoiMs));
    }

    [Fact]
    public void SentRateCountsUpToTheLastRequestSentNotTheWaitForAnswers()
    {
        // Four requests sent over the first second, the last answered at 3 s: the generator kept 4 req/s, though the
        // run lasted 3 s (an open loop's run also waits for its last answers).
        LoadSample[] samples = [.. new[] { 0.0, 250, 500, 1000 }.Select(t => new LoadSample(LoadOutcome.Answered, t, t + 2000, 0, 0, -1))];
        var report = LoadSummary.From(samples, durationMs: 3000, deadlineMs: null);
        Assert.Equal(3, report.DurationS, 9);
        Assert.Equal(4, report.SentRps, 9);
    }
}
