using Verge.Cluster.Benchmarks;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Tests;

public sealed class SessionGrainTests
{
    [Fact]
    public async Task A_retried_frame_is_answered_from_the_session_without_computing_again()
    {
        await using var redis = await RedisProcess.StartAsync(CancellationToken.None);
        var computer = new CountingComputer();
        await using var silo = await EdgeSilo.StartAsync(
            new EdgeSiloOptions(redis.Address, FreePort.Pick(), FreePort.Pick(), "edge-a"), computer, CancellationToken.None);
        var session = silo.Session("device-1");
        await session.OpenAsync(new SessionInfo("plan-1", "stage-edge", 12.5));

        var first = await session.ProcessAsync(new FrameRequest(7, [1, 2, 3]));
        var retry = await session.ProcessAsync(new FrameRequest(7, [1, 2, 3]));

        Assert.False(first.Repeated);
        Assert.True(retry.Repeated);
        Assert.Equal(first.Output, retry.Output);
        Assert.Equal(CountingComputer.Expected(7, [1, 2, 3]), first.Output);
        Assert.Equal(1, computer.Computations[("device-1", 7)]);
        var snapshot = await session.SnapshotAsync();
        Assert.Equal(new SessionInfo("plan-1", "stage-edge", 12.5), snapshot.Info);
        Assert.Equal(7, snapshot.LastFrameId);
    }
}
