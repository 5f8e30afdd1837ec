using Verge.Cluster.Benchmarks;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Tests;

/// <summary>§VI-A3: a device moves from edge-a to edge-b mid-stream; its session follows it live, with its state.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task A_session_migrates_live_to_the_new_edge_server_and_its_stream_goes_on()
    {
        await using var redis = await RedisProcess.StartAsync(CancellationToken.None);
        var computer = new CountingComputer();
        await using var a = await EdgeSilo.StartAsync(
            new EdgeSiloOptions(redis.Address, FreePort.Pick(), FreePort.Pick(), "edge-a"), computer, CancellationToken.None);
        await using var b = await EdgeSilo.StartAsync(
            new EdgeSiloOptions(redis.Address, FreePort.Pick(), FreePort.Pick(), "edge-b"), computer, CancellationToken.None);
        var info = new SessionInfo("plan-1", "stage-edge", 20);
        await a.Session("car").OpenAsync(info);

        var replies = new List<FrameReply>();
        for (var frame = 0; frame < 10; frame++)
            replies.Add(await a.Session("car").ProcessAsync(new FrameRequest(frame, [(byte)frame])));
        await a.Session("car").MigrateAsync(b.Address);
        // The device now talks to edge-b; a frame it already sent (9) is answered from the migrated memory.
        for (var frame = 9; frame < 20; frame++)
            replies.Add(await b.Session("car").ProcessAsync(new FrameRequest(frame, [(byte)frame])));

        Assert.All(replies.Take(10), r => Assert.Equal("edge-a", r.Silo));
        Assert.All(replies.Skip(10), r => Assert.Equal("edge-b", r.Silo));
        Assert.True(replies[10].Repeated);
        Assert.Equal(20, computer.Computations.Count);
        Assert.All(computer.Computations, c => Assert.Equal(1, c.Value));
        var snapshot = await b.Session("car").SnapshotAsync();
        Assert.Equal(("edge-b", info, 19L), (snapshot.Silo, snapshot.Info, snapshot.LastFrameId));
    }
}
