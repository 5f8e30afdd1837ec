using Microsoft.Extensions.Time.Testing;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Serving;

/// <summary>
/// End to end in one process: requests through the data plane, the dispatcher and ONNX Runtime. The clock is fake,
/// so a queue delay never runs out by itself: batches form only from what is queued, and the counts are exact.
/// </summary>
public sealed class InferenceServerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<InferenceServer> Serve(TempDir dir, string config, FakeTimeProvider clock, object? batch = null)
    {
        ServingModels.Add(dir.Path, "dense", config, ServingModels.Dense(batch ?? "batch"));
        return await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = clock });
    }

    private static async Task<(InferenceResult Result, NamedTensor Input)[]> ManyConcurrent(InferenceServer server, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var x = ServingModels.Input(seed: i);
            return (await server.InferAsync("dense", null, [x]), x);
        })));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurrent_requests_get_their_own_outputs_and_batch_only_with_dynamic_batching(bool dynamic)
    {
        using var dir = new TempDir();
        var config = "max_batch_size: 8\nprofile_runs: 1\n" + (dynamic ? "dynamic_batching: {max_queue_delay_us: 60000000, preferred_batch_sizes: [8]}\n" : "");
        await using var server = await Serve(dir, config, new FakeTimeProvider(T0));

        var answers = await ManyConcurrent(server, 32);

        var model = ServingModels.Dense("batch");
        foreach (var (result, x) in answers)
        {
            Assert.Equal(ServingModels.RunAlone(model, x), result.Outputs.Single().ToFloats());
            Assert.Equal([1L, ServingModels.Classes], result.Outputs[0].Shape);
        }
        var runs = server.Statistics("dense").RunsByBatchSize();
        var expected = new long[9];
        if (dynamic) expected[8] = 4; else expected[1] = 32;
        Assert.Equal(expected, runs);
        Assert.Equal(32, server.Statistics("dense").Answered);
    }

    [Fact]
    public async Task A_partial_batch_goes_when_the_queue_delay_runs_out()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 5000}\n", clock);

        var pending = Enumerable.Range(0, 3).Select(i => server.InferAsync("dense", null, [ServingModels.Input(i, rows: 2)])).ToList();
        await WaitUntil(() => server.Statistics("dense").QueueDepth == 3);
        Assert.All(pending, t => Assert.False(t.IsCompleted));

        clock.Advance(TimeSpan.FromMilliseconds(5));
        var results = await Task.WhenAll(pending);
        Assert.All(results, r => Assert.Equal(6, r.BatchSize));
        Assert.All(results, r => Assert.Equal([2L, ServingModels.Classes], r.Outputs[0].Shape));
        Assert.Equal(1, server.Statistics("dense").RunsByBatchSize()[6]);
    }

    [Fact]
    public async Task A_fixed_batch_model_runs_every_request_alone()
    {
        using var dir = new TempDir();
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {}\n", new FakeTimeProvider(T0), batch: 1L);
        Assert.Contains("served unbatched", server.Models().Single().Message);
        await ManyConcurrent(server, 6);
        Assert.Equal(6, server.Statistics("dense").RunsByBatchSize()[1]);
    }

    [Fact]
    public async Task A_request_that_waits_past_its_timeout_is_rejected()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir,
            "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 60000000}\nqueue: {default_timeout_us: 10000}\n", clock);
        var waiting = server.InferAsync("dense", null, [ServingModels.Input(1)]);
        await WaitUntil(() => server.Statistics("dense").QueueDepth == 1);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(ServingError.TimedOut, (await Assert.ThrowsAsync<ServingException>(() => waiting)).Error);
        Assert.Equal(1, server.Statistics("dense").RejectionsFor(Verge.Inference.Serving.Scheduling.RejectReason.TimedOut));
    }

    [Fact]
    public async Task Admission_refuses_a_hopeless_deadline_at_once()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 3\ndynamic_batching: {max_queue_delay_us: 1000}\n", clock);

        var e = await Assert.ThrowsAsync<ServingException>(() =>
            server.InferAsync("dense", null, [ServingModels.Input(1)], new InferenceOptions { Timeout = TimeSpan.FromTicks(1) }));
        Assert.Equal(ServingError.Inadmissible, e.Error);
        Assert.Contains("refused at admission, predicted latency", e.Message);
        Assert.Equal(1, server.Statistics("dense").Rejections);
        Assert.Equal(0, server.Statistics("dense").QueueDepth);
    }

    [Fact]
    public async Task A_timeout_counts_from_when_the_request_was_received()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 60000000}\n", clock);

        // Received an hour ago with an hour and a second to go: due at T0 + 1 s, not an hour from the queue.
        var waiting = server.InferAsync("dense", null, [ServingModels.Input(1)],
            new InferenceOptions { Timeout = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), Received = T0 - TimeSpan.FromHours(1) });
        await WaitUntil(() => server.Statistics("dense").QueueDepth == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ServingError.TimedOut, (await Assert.ThrowsAsync<ServingException>(() => waiting)).Error);
    }

    [Fact]
    public async Task Admission_subtracts_the_time_spent_before_the_queue()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 1\n", clock);
        var hour = TimeSpan.FromHours(1);

        // The same hour's timeout: admitted when received now, refused when that hour was spent arriving.
        Assert.Equal(1, (await server.InferAsync("dense", null, [ServingModels.Input(1)], new InferenceOptions { Timeout = hour })).BatchSize);
        var e = await Assert.ThrowsAsync<ServingException>(() =>
            server.InferAsync("dense", null, [ServingModels.Input(2)], new InferenceOptions { Timeout = hour, Received = T0 - hour }));
        Assert.Equal(ServingError.Inadmissible, e.Error);
        // A stamp after now (a skewed clock) counts as now.
        Assert.Equal(1, (await server.InferAsync("dense", null, [ServingModels.Input(3)],
            new InferenceOptions { Timeout = hour, Received = T0 + hour })).BatchSize);
    }

    [Fact]
    public async Task A_newer_frame_replaces_the_queued_one_and_the_stream_reports_its_age()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(T0);
        await using var server = await Serve(dir, "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 5000}\n", clock);

        var frames = new List<Task<InferenceResult>>();
        for (int seq = 1; seq <= 3; seq++)
            frames.Add(server.InferAsync("dense", null, [ServingModels.Input(seq)],
                new InferenceOptions { StreamId = "cam-1", Sequence = seq, CaptureTime = T0.AddMilliseconds(-seq) }));
        clock.Advance(TimeSpan.FromMilliseconds(5));

        foreach (var old in frames.Take(2))
            Assert.Equal(ServingError.Superseded, (await Assert.ThrowsAsync<ServingException>(() => old)).Error);
        Assert.Equal(1, (await frames[2]).BatchSize);

        clock.Advance(TimeSpan.FromMilliseconds(20));
        var age = Assert.Single(server.Streams());
        Assert.Equal(("cam-1", 3L), (age.StreamId, age.Sequence));
        Assert.Equal(TimeSpan.FromMilliseconds(28), age.Age);   // captured 3 ms before T0, now T0 + 25 ms
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_the_field_named()
    {
        using var dir = new TempDir();
        await using var server = await Serve(dir, "max_batch_size: 4\nprofile_runs: 1\n", new FakeTimeProvider(T0));

        async Task<string> Refusal(NamedTensor x, string model = "dense") =>
            (await Assert.ThrowsAnyAsync<ServingException>(() => server.InferAsync(model, null, [x]))).Message;

        Assert.Contains("unknown input 'z'", await Refusal(ServingModels.Input(1) with { Name = "z" }));
        Assert.Contains("5 rows exceed max_batch_size 4", await Refusal(ServingModels.Input(1, rows: 5)));
        Assert.Contains("dimension 1 must be 4", await Refusal(NamedTensor.FromFloats("x", [1, 3], new float[3])));
        Assert.Contains("holds 12 bytes", await Refusal(new NamedTensor("x", 1, [1, 4], new byte[12])));
        Assert.Contains("is not in the repository", await Refusal(ServingModels.Input(1), model: "nope"));
    }

    [Fact]
    public async Task Unload_then_load_at_run_time()
    {
        using var dir = new TempDir();
        await using var server = await Serve(dir, "max_batch_size: 4\nprofile_runs: 1\n", new FakeTimeProvider(T0));
        await server.UnloadAsync("dense");
        Assert.False(server.IsModelReady("dense"));
        var e = await Assert.ThrowsAnyAsync<ServingException>(() => server.InferAsync("dense", null, [ServingModels.Input(1)]));
        Assert.Equal(ServingError.ModelNotReady, e.Error);

        await server.LoadAsync("dense");
        Assert.True(server.IsModelReady("dense"));
        Assert.Single((await server.InferAsync("dense", null, [ServingModels.Input(1)])).Outputs);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 2000 && !condition(); i++) await Task.Delay(5);
        Assert.True(condition());
    }
}
