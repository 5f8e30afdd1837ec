using Google.Protobuf;
using Verge.Core.Statistics;
using Verge.Inference.Graph.Building;
using Verge.Inference.Planning;
using Verge.Net.Client;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Execution;

/// <summary>
/// Measures the RPC stack's own cost per message (<see cref="MessageCost"/>) against a running node along the path
/// real frames take, over a link shaped to a 2 ms RTT and no bandwidth limit (so the cost of waiting out an emulated
/// delay and waking up is counted, and the known 2 ms are subtracted): two one-node stages (a ReLU over 16 floats and over 1 MiB
/// of floats) are loaded on the node, then timed through Infer with the device's fp32 tensor encoding and decoding.
/// Half the small round trip is the fixed part per message; the difference to the large one, per megabyte and
/// direction, is the part per megabyte. Both are medians after a warm-up, so one slow call does not move them.
/// </summary>
public static class TransportCalibration
{
    private const int SmallFloats = 16, LargeFloats = 1 << 18;
    private const double RttMs = 2;

    /// <summary>Measures against the node at the other end of the device's first link; <see cref="MessageCost.None"/> when none of <paramref name="urls"/> is there.</summary>
    public static async Task<MessageCost> MeasureForDeviceAsync(Core.Deployment.Topology topology, IReadOnlyDictionary<string, string> urls, CancellationToken ct = default,
        Security.ClientSecurity? security = null)
    {
        var device = topology.Device.Name;
        var peer = topology.Links.Where(l => l.From == device || l.To == device).Select(l => l.Other(device)).FirstOrDefault(urls.ContainsKey);
        return peer is null ? MessageCost.None : await MeasureAsync(urls[peer], ct: ct, security: security);
    }

    public static async Task<MessageCost> MeasureAsync(string url, int samples = 40, CancellationToken ct = default, Security.ClientSecurity? security = null)
    {
        using var client = NodeClient.Connect(url, new LinkParameters(double.PositiveInfinity, TimeSpan.FromMilliseconds(RttMs)), security: security);
        var small = await LoadAsync(client, StageIds.Unguessable("verge/calibrate/small"), SmallFloats, ct);
        var large = await LoadAsync(client, StageIds.Unguessable("verge/calibrate/large"), LargeFloats, ct);
        for (int i = 0; i < 10; i++) await RoundTripAsync(client, small, ct);
        await RoundTripAsync(client, large, ct);

        var smallMs = new List<double>();
        var largeMs = new List<double>();
        for (int i = 0; i < samples; i++)
        {
            smallMs.Add(await RoundTripAsync(client, small, ct));
            if (i % 4 == 0) largeMs.Add(await RoundTripAsync(client, large, ct));
        }
        // Its stages have ids of their own each time (issue 17), so they are freed rather than left for the next run to replace.
        await client.UnloadStageAsync(small.Id, ct);
        await client.UnloadStageAsync(large.Id, ct);
        double smallP50 = Stats.Percentile(smallMs, 50), largeP50 = Stats.Percentile(largeMs, 50);
        double fixedMs = Math.Max(0, (smallP50 - RttMs) / 2);
        double megabytes = (LargeFloats - SmallFloats) * 4 / 1e6;
        double perMb = Math.Max(0, (largeP50 - smallP50) / 2 / megabytes);
        return new MessageCost(fixedMs, perMb);
    }

    private sealed record Echo(string Id, FloatTensor Input);

    private static async Task<Echo> LoadAsync(NodeClient client, string id, int floats, CancellationToken ct)
    {
        var builder = new OnnxBuilder("calibrate");
        builder.Output(builder.Relu("relu", builder.Input("x", 1, floats)), "y");
        await client.LoadStageAsync(new StageModel(id, builder.Build().ToByteArray(), ["x"], ["y"]), null, ct);
        var data = new float[floats];
        for (int i = 0; i < floats; i++) data[i] = i % 7 - 3;
        return new Echo(id, new FloatTensor("x", [1, floats], data));
    }

    /// <summary>One Infer as the device agent makes it: encode, call, decode; milliseconds.</summary>
    private static async Task<double> RoundTripAsync(NodeClient client, Echo echo, CancellationToken ct)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = new InferRequest { StageId = echo.Id, ReplyCodec = TensorEncoding.Fp32.Codec, ReplyLz4 = false };
        request.Inputs.Add(TensorCodec.Encode(echo.Input, TensorEncoding.Fp32));
        var reply = await client.InferAsync(request, TimeSpan.FromSeconds(10), ct);
        foreach (var t in reply.Outputs) TensorCodec.Decode(t);
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
