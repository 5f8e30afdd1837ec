using System.Diagnostics;
using Grpc.Core;
using Verge.Cluster.Edge;
using Verge.Net.Protos;

namespace Verge.Cluster.Benchmarks;

/// <summary>
/// One benchmark device: sends its frames to its current edge server with the header <c>verge-device</c>; a frame whose
/// call fails is sent again, same frame id, to the next edge server it knows, up to a number of tries (then lost).
/// </summary>
internal sealed class BenchDevice(int index, IReadOnlyList<EdgeServerProcess> edges, int maxAttempts)
{
    private readonly Metadata headers = new() { { SessionRoutingService.DeviceHeader, $"device-{index}" } };

    public int Index => index;
    public string Id => $"device-{index}";
    public int Edge { get; set; } = index % edges.Count;
    public List<double> LatenciesMs { get; } = [];
    public long Sent { get; private set; }
    public long Lost { get; private set; }
    public long Retries { get; private set; }
    public string? LastSilo { get; private set; }

    /// <summary>When (Stopwatch ticks) a frame was first answered after one or more failed tries, or 0.</summary>
    public long ResumedAt { get; private set; }

    /// <summary>Sends one frame until it is answered; its latency (the answered try only), or null when lost.</summary>
    public async Task<double?> SendAsync(int frame, CancellationToken ct)
    {
        Sent++;
        var request = BenchStage.Frame(index, frame);
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                var client = new StageService.StageServiceClient(edges[Edge].Channel);
                using var call = client.InferAsync(request, headers, DateTime.UtcNow.AddSeconds(30), ct);
                var reply = await call.ResponseAsync;
                if (!BenchStage.IsAnswer(reply)) continue;
                LastSilo = (await call.ResponseHeadersAsync).GetValue(SessionRoutingService.SiloHeader);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (attempt > 0 && ResumedAt == 0) ResumedAt = Stopwatch.GetTimestamp();
                LatenciesMs.Add(ms);
                return ms;
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // The same frame id again, through the next edge server: the session answers it once.
                Retries++;
                Edge = (Edge + 1) % edges.Count;
                await Task.Delay(100, ct);
            }
        }
        Lost++;
        return null;
    }
}
