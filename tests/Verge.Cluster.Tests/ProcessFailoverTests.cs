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
        await using var redis = await RedisServer.StartAsync();
        var edges = new List<EdgeProcess>();
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
            var midStream = new TaskCompletionSource();

            async Task<int> Device(int device)
            {
                var edge = device % edges.Count;
                var retries = 0;
                var headers = new Metadata { { "verge-device", $"device-{device}" } };
                for (var frame = 0; frame < Frames; frame++)
                {
                    if (device == 0 && frame == KillAtFrame)
                    {
                        midStream.TrySetResult();
                        await killed.Task;
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
                            retries++;
                            do edge = (edge + 1) % edges.Count; while (!Volatile.Read(ref alive[edge]));
                            await Task.Delay(200);
                        }
                    }
                }
                return retries;
            }

            var devices = Enumerable.Range(0, Devices).Select(d => Task.Run(() => Device(d))).ToArray();
            await midStream.Task;
            Volatile.Write(ref alive[0], false);
            edges[0].Kill();
            killed.SetResult();
            var retries = await Task.WhenAll(devices);
            // Every frame of every device was answered (the loop asserts each output); device-0 had to retry.
            Assert.True(retries[0] >= 1);
        }
        finally
        {
            foreach (var channel in channels) channel.Dispose();
            foreach (var edge in edges) edge.Dispose();
        }
    }
}
