using Verge.Cluster.Benchmarks;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Tests;

/// <summary>Issue 15 at test size: three silos on one Redis, one leaves mid-stream, its devices go on elsewhere.</summary>
public sealed class FailoverTests
{
    private const int Devices = 3;
    private const int Frames = 30;
    private const int StopAtFrame = 10;

    [Fact]
    public async Task Sessions_of_a_stopped_silo_resume_on_another_with_no_frame_lost_or_computed_twice()
    {
        await using var redis = await RedisProcess.StartAsync(CancellationToken.None);
        var computer = new CountingComputer();
        var silos = new List<EdgeSilo>();
        try
        {
            foreach (var name in new[] { "edge-a", "edge-b", "edge-c" })
                silos.Add(await EdgeSilo.StartAsync(
                    new EdgeSiloOptions(redis.Address, FreePort.Pick(), FreePort.Pick(), name), computer, CancellationToken.None));
            var stopped = new TaskCompletionSource();
            var alive = new bool[silos.Count];
            Array.Fill(alive, true);
            var midStream = new TaskCompletionSource();

            async Task<DeviceLog> Device(int device)
            {
                var id = $"device-{device}";
                var edge = device % silos.Count;
                var log = new DeviceLog(id);
                await silos[edge].Session(id).OpenAsync(new SessionInfo("plan-1", "stage-edge", 10));
                for (var frame = 0; frame < Frames; frame++)
                {
                    if (device == 0 && frame == StopAtFrame)
                    {
                        midStream.TrySetResult();
                        await stopped.Task;
                    }
                    var input = new byte[] { (byte)device, (byte)frame };
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            var reply = await silos[edge].Session(id).ProcessAsync(new FrameRequest(frame, input));
                            Assert.Equal(CountingComputer.Expected(frame, input), reply.Output);
                            log.Answered.Add(frame);
                            break;
                        }
                        catch (Exception) when (attempt < 3)
                        {
                            // The device's edge server is gone: it retries the same frame id on the next edge it knows.
                            log.Retries++;
                            do edge = (edge + 1) % silos.Count; while (!Volatile.Read(ref alive[edge]));
                        }
                    }
                }
                log.LastSilo = (await silos[edge].Session(id).SnapshotAsync()).Silo;
                return log;
            }

            var devices = Enumerable.Range(0, Devices).Select(d => Task.Run(() => Device(d))).ToArray();
            await midStream.Task;
            Volatile.Write(ref alive[0], false);
            await silos[0].StopAsync(CancellationToken.None);
            stopped.SetResult();
            var logs = await Task.WhenAll(devices);

            foreach (var log in logs)
                Assert.Equal(Enumerable.Range(0, Frames), log.Answered);
            // device-0 retried exactly once (the first frame after its edge left); the others never noticed.
            Assert.Equal([1, 0, 0], logs.Select(l => l.Retries));
            Assert.Equal(Devices * Frames, computer.Computations.Count);
            Assert.All(computer.Computations, c => Assert.Equal(1, c.Value));
            // device-0 talked to edge-a, which left: its session now lives on another silo, with its state.
            var moved = await silos[1].Session("device-0").SnapshotAsync();
            Assert.Equal(Frames - 1, moved.LastFrameId);
            Assert.Equal(new SessionInfo("plan-1", "stage-edge", 10), moved.Info);
            Assert.Contains(moved.Silo, new[] { "edge-b", "edge-c" });
        }
        finally
        {
            foreach (var silo in silos)
                await silo.DisposeAsync();
        }
    }

    private sealed class DeviceLog(string id)
    {
        public string Id { get; } = id;
        public List<int> Answered { get; } = [];
        public int Retries { get; set; }
        public string LastSilo { get; set; } = "";
    }
}
