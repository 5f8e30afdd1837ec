using Microsoft.Extensions.Time.Testing;
using Verge.Inference.Serving;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Dispatch;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Serving;

public sealed class DispatcherTests
{
    [Fact]
    public void Batches_run_at_once_on_threads_of_their_own_not_the_pool()
    {
        using var workers = new BatchWorkers();
        using var both = new Barrier(2);
        using var done = new CountdownEvent(2);
        var seen = new System.Collections.Concurrent.ConcurrentBag<(bool OnPool, bool Met)>();
        for (int i = 0; i < 2; i++)
            workers.Run(() =>
            {
                // Each job waits for the other: both must be running at once. The timeout only keeps a failure from hanging.
                seen.Add((Thread.CurrentThread.IsThreadPoolThread, both.SignalAndWait(TimeSpan.FromMinutes(1))));
                done.Signal();
            });
        Assert.True(done.Wait(TimeSpan.FromMinutes(2)));
        Assert.All(seen, s => Assert.Equal((false, true), s));
        Assert.Equal(2, workers.Threads);
    }

    [Fact]
    public async Task Many_clients_on_the_real_clock_all_get_their_own_answers()
    {
        using var dir = new TempDir();
        ServingModels.Add(dir.Path, "dense", "max_batch_size: 16\ninstances: 2\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 2000, preferred_batch_sizes: [16]}\n",
            ServingModels.Dense("batch"));
        await using var server = await InferenceServer.StartAsync(dir.Path);
        var model = ServingModels.Dense("batch");

        const int Clients = 16, PerClient = 25;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (int i = 0; i < PerClient; i++)
            {
                var x = ServingModels.Input(seed: c * 1000 + i, rows: 1 + i % 3);
                var result = await server.InferAsync("dense", null, [x]);
                Assert.Equal(ServingModels.RunAlone(model, x), result.Outputs[0].ToFloats());
            }
        })));

        var counters = server.Statistics("dense");
        var runs = counters.RunsByBatchSize();
        long rows = Enumerable.Range(0, Clients).Sum(_ => Enumerable.Range(0, PerClient).Sum(i => 1 + i % 3));
        Assert.Equal(rows, runs.Select((n, size) => n * size).Sum());
        Assert.Equal(Clients * PerClient, counters.Answered);
        Assert.Equal(Clients * PerClient, counters.QueueTime.Count);
        Assert.Equal(0, counters.QueueDepth);
    }

    [Fact]
    public async Task Unloading_refuses_new_requests_and_lets_queued_ones_finish()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider();
        ServingModels.Add(dir.Path, "dense", "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 5000}\n", ServingModels.Dense("batch"));
        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = clock });

        var queued = new[] { server.InferAsync("dense", null, [ServingModels.Input(1)]), server.InferAsync("dense", null, [ServingModels.Input(2)]) };
        var unloading = server.UnloadAsync("dense");
        Assert.Equal(ModelState.Unloading, server.Models().Single().State);
        Assert.False(unloading.IsCompleted);
        var refused = await Assert.ThrowsAsync<ServingException>(() => server.InferAsync("dense", null, [ServingModels.Input(3)]));
        Assert.Equal(ServingError.ModelNotReady, refused.Error);

        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.All(await Task.WhenAll(queued), r => Assert.Equal(2, r.BatchSize));
        await unloading;
        Assert.Equal(new ModelStatus("dense", 1, ModelState.Unavailable, "unloaded"), server.Models().Single());
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_queue()
    {
        using var dir = new TempDir();
        ServingModels.Add(dir.Path, "dense", "max_batch_size: 8\nprofile_runs: 1\ndynamic_batching: {max_queue_delay_us: 5000}\n", ServingModels.Dense("batch"));
        await using var server = await InferenceServer.StartAsync(dir.Path, new InferenceServerOptions { Time = new FakeTimeProvider() });
        using var cts = new CancellationTokenSource();
        var request = server.InferAsync("dense", null, [ServingModels.Input(1)], null, cts.Token);
        Assert.Equal(1, server.Statistics("dense").QueueDepth);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Equal(0, server.Statistics("dense").QueueDepth);
    }
}
