using Verge.Inference.Planning;
using Verge.Net.Client;
using Verge.Net.Links;

namespace Verge.Net.Execution;

/// <summary>
/// Measures the RPC stack's own cost per message (<see cref="MessageCost"/>) against a running node, over an
/// unshaped connection: the median round trip of empty pings gives the fixed part (half of it per message), and
/// echoes of a large payload give the part per megabyte. Both are medians after a warm-up, so one slow call does
/// not move them.
/// </summary>
public static class TransportCalibration
{
    public const int EchoBytes = 1 << 20;

    public static async Task<MessageCost> MeasureAsync(string url, int samples = 40, CancellationToken ct = default)
    {
        using var client = NodeClient.Connect(url, LinkParameters.Unlimited);
        var timeout = TimeSpan.FromSeconds(10);
        for (int i = 0; i < 10; i++) await client.PingAsync(timeout, ct);
        await client.EchoAsync(EchoBytes, timeout, ct);

        var empty = new List<double>();
        var full = new List<double>();
        for (int i = 0; i < samples; i++)
        {
            empty.Add((await client.PingAsync(timeout, ct)).TotalMilliseconds);
            if (i % 4 == 0) full.Add((await client.EchoAsync(EchoBytes, timeout, ct)).TotalMilliseconds);
        }
        double fixedMs = Median(empty) / 2;
        double perMb = Math.Max(0, (Median(full) - Median(empty)) / 2 / (EchoBytes / 1e6));
        return new MessageCost(fixedMs, perMb);
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
    }
}
