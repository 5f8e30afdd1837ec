using Verge.Inference.Planning;
using Verge.Net.Execution;
using Verge.Net.Hosting;

namespace Verge.Cli.Running;

/// <summary>
/// The RPC stack's cost per message on this host, for commands that plan without running nodes (`verge plan`, the
/// demo's planning step): a node is started in this process for a moment and measured like `verge run` measures
/// its nodes (<see cref="TransportCalibration"/>), so a plan's predictions match what a run then predicts.
/// Measured once per process.
/// </summary>
internal static class HostTransport
{
    private static MessageCost? _measured;

    public static async Task<MessageCost> MeasureAsync(CancellationToken ct)
    {
        if (_measured is { } known) return known;
        await using var node = await NodeHost.StartAsync(new NodeHostOptions("edge", Threads: 1) { Name = "calibration" }, ct);
        _measured = await TransportCalibration.MeasureAsync(node.Url, ct: ct);
        return _measured;
    }
}
