using Verge.Inference.Planning;
using Verge.Net.Execution;
using Verge.Net.Hosting;

namespace Verge.Net.Running;

/// <summary>
/// The RPC stack's cost per message on this host, for planning without running nodes (`verge plan`, the demo's
/// planning step): a node is started in this process for a moment and measured as a run measures its nodes
/// (<see cref="TransportCalibration"/>), so a plan's predictions match what a run then predicts. Nothing is cached:
/// the caller measures once and passes the result on.
/// </summary>
public static class HostTransport
{
    public static async Task<MessageCost> MeasureAsync(CancellationToken ct = default)
    {
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge", Threads: 1) { Name = "calibration" }, ct);
        return await TransportCalibration.MeasureAsync(node.Url, ct: ct);
    }
}
