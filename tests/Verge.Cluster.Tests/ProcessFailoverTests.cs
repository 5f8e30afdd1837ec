using Verge.Cluster.Benchmarks;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Net.Protos;
using Verge.Net.Wire;

namespace Verge.Cluster.Tests;

/// <summary>Issue 15's failover with real processes: three `verge serve --cluster` edge servers, one killed mid-stream.</summary>
public sealed class ProcessFailoverTests
{
    private const int Devices = 3;
    private const int Frames = 30;
    private const int KillAtFrame = 10;

    [Fact]
    public async Task Devices_of_a_killed_edge_server_go_on_through_another_with_no_frame_lost()
    {
        await using var redis = await RedisProcess.StartAsync(CancellationToken.None);
        var edges = new List<ChildProcess>();
        var channels = new List<GrpcChannel>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                edges.Add(await EdgeProcess.StartAsync(redis.Address, $"edge-{i}"));
                channels.Add(GrpcChannel.ForAddress(edges[i].Url));
            }
            // Every edge server holds the stage before frames flow: a session resumed elsewhere never waits for a load.
            foreach (var channel in channels)
                await new StageService.StageServiceClient(channel).LoadStageAsync(ReluStage.Load());
            var alive = new[] { true, true, true };
            var killed = new TaskCompletionSource();
            string? repeated = null;
            var midStream = new TaskCompletionSource();

            async Task Device(int device)
            {
                var edge = device % edges.Count;
                var headers = new Metadata { { "verge-device", $"device-{device}" } };
                for (var frame = 0; frame < Frames; frame++)
                {
                    if (device == 0 && frame == KillAtFrame)
                    {
                        midStream.TrySetResult();
                        await killed.Task;
                        // The answer to the last frame before the kill was lost on the way (say): the device sends it
                        // again through another edge server, and the session, re-activated there from Redis, knows it.
                        // Until the cluster declares the killed silo dead, the session may not answer: try again.
                        edge = 1;
                        for (var attempt = 0; ; attempt++)
                        {
                            try
                            {
                                using var again = new StageService.StageServiceClient(channels[edge]).InferAsync(ReluStage.Frame(device, frame - 1), headers, DateTime.UtcNow.AddSeconds(60));
                                Assert.Equal(ReluStage.Expected(device, frame - 1), TensorCodec.Decode((await again).Outputs.Single()).Data);
                                repeated = (await again.ResponseHeadersAsync).GetValue("verge-repeated");
                                break;
                            }
                            catch (RpcException) when (attempt < 20)
                            {
                                await Task.Delay(200);
                            }
                        }
                    }
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            var client = new StageService.StageServiceClient(channels[edge]);
                            var reply = await client.InferAsync(ReluStage.Frame(device, frame), headers, DateTime.UtcNow.AddSeconds(60));
                            Assert.Equal(ReluStage.Expected(device, frame), TensorCodec.Decode(reply.Outputs.Single()).Data);
                            break;
                        }
                        catch (RpcException) when (attempt < 20)
                        {
                            // The same frame id again, through the next edge server: the session answers it once.
                            do edge = (edge + 1) % edges.Count; while (!Volatile.Read(ref alive[edge]));
                            await Task.Delay(200);
                        }
                    }
                }
            }

            var devices = Enumerable.Range(0, Devices).Select(d => Task.Run(() => Device(d))).ToArray();
            await midStream.Task;
            Volatile.Write(ref alive[0], false);
            edges[0].Kill();
            killed.SetResult();
            await Task.WhenAll(devices);
            // Every frame of every device was answered (the loop asserts each output), the retried one from memory;
            // the stages themselves counted each frame's computations in Redis, the killed server's included.
            Assert.Equal("true", repeated);
            var counts = await Hosting.ComputationLedger.ReadAsync(redis.Address);
            Assert.Equal(Devices * Frames, counts.Count);
            Assert.All(counts.Values, c => Assert.Equal(new Hosting.FrameCount(1, 1), c));
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
            foreach (var edge in edges) edge.Dispose();
        }
    }
}
