using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Hosting;

namespace Verge.Net.Benchmarks.Partition;

/// <summary>
/// `verge bench partition`'s driver: one edge node on loopback with the RPC stack's cost measured against it, and a
/// <see cref="PartitionSweep"/> per model over Neurosurgeon's uplinks (Kang et al., ASPLOS 2017) and device speeds.
/// </summary>
public sealed class PartitionBench : IAsyncDisposable
{
    /// <summary>Neurosurgeon's uplinks: 3G, LTE and Wi-Fi, with their bandwidth and RTT.</summary>
    public static IReadOnlyList<(string Name, Bandwidth Bandwidth, TimeSpan Rtt)> Networks { get; } =
    [
        ("3G", Bandwidth.Parse("1.1Mbps"), TimeSpan.FromMilliseconds(50)),
        ("LTE", Bandwidth.Parse("5.85Mbps"), TimeSpan.FromMilliseconds(20)),
        ("Wi-Fi", Bandwidth.Parse("18.88Mbps"), TimeSpan.FromMilliseconds(5)),
    ];

    private readonly NodeHost _edge;
    private readonly int _frames, _threads;

    private PartitionBench(NodeHost edge, MessageCost transport, int frames, int threads)
    {
        _edge = edge;
        Transport = transport;
        _frames = frames;
        _threads = threads;
    }

    /// <summary>The RPC stack's cost per message on the edge node, included in every prediction.</summary>
    public MessageCost Transport { get; }

    /// <summary>Starts the edge node and measures its RPC cost; <paramref name="frames"/> per measurement, the first a warm-up.</summary>
    public static async Task<PartitionBench> StartAsync(int frames, int threads, CancellationToken ct)
    {
        var edge = await NodeHost.StartAsync(new NodeHostOptions("edge", Threads: threads) { Name = "edge" }, ct);
        try
        {
            return new PartitionBench(edge, await TransportCalibration.MeasureAsync(edge.Url, ct: ct), frames, threads);
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sweep for one model, measured on this bench's edge node.</summary>
    public PartitionSweep Sweep(ModelGraph graph, ModelProfile profile) => new(graph, profile, _edge.Url, _frames, _threads, Transport);

    public ValueTask DisposeAsync() => _edge.DisposeAsync();
}
