using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests;

/// <summary>The link shapes real gRPC traffic: counted bytes and the delays it asks the clock for, never elapsed time.</summary>
public sealed class EmulatedLinkTests
{
    [Fact]
    public async Task EachBodyIsDelayedByHalfRttPlusItsBytesOverBandwidth()
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        var clock = new VirtualClock();
        var link = LinkParameters.FromMbps(8, rttMs: 20);
        using var client = NodeClient.Connect(edge.Url, link, clock);
        await client.LoadStageAsync(TestModels.TailStage);
        long sentBefore = client.Link.BytesSent, receivedBefore = client.Link.BytesReceived;
        var shaped = new List<ShapedMessage>();
        client.Link.Shaped += shaped.Add;
        clock.Delays.Clear();

        var request = new InferRequest { StageId = "tail" };
        request.Inputs.Add(TensorCodec.Encode(new FloatTensor("h", [1, 256], new float[256]), TensorEncoding.Fp32));
        var reply = await client.InferAsync(request);

        long up = client.Link.BytesSent - sentBefore, down = client.Link.BytesReceived - receivedBefore;
        Assert.Equal(request.CalculateSize() + 5, up);
        Assert.Equal(reply.CalculateSize() + 5, down);
        TimeSpan[] expected = [TimeSpan.FromMilliseconds(10) + link.TransmitTime(up), TimeSpan.FromMilliseconds(10) + link.TransmitTime(down)];
        Assert.Equal([new(LinkDirection.Up, up, expected[0]), new ShapedMessage(LinkDirection.Down, down, expected[1])], shaped);
        Assert.Equal(expected, clock.Delays); // and the link waited exactly that long on its clock
    }

    [Fact]
    public async Task ParametersChangeWhileTheLinkIsInUse()
    {
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge"));
        var clock = new VirtualClock();
        using var client = NodeClient.Connect(edge.Url, LinkParameters.FromMbps(50, rttMs: 10), clock);
        var shaped = new List<ShapedMessage>();
        client.Link.Shaped += shaped.Add;
        await client.PingAsync();
        var threeG = LinkParameters.FromMbps(1, rttMs: 100);
        client.Link.Parameters = threeG; // LTE → 3G between two calls on the same connection
        await client.PingAsync();

        Assert.Equal(4, shaped.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(5) + TimeSpan.FromSeconds(5 * 8 / 50e6), shaped[0].Delay); // an empty request is 5 bytes
        Assert.Equal(TimeSpan.FromMilliseconds(50) + threeG.TransmitTime(5), shaped[2].Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(50) + threeG.TransmitTime(shaped[3].Bytes), shaped[3].Delay);
        Assert.Equal(shaped.Sum(m => m.Delay.Ticks), client.Link.TotalDelay.Ticks);
    }

    [Fact]
    public void APeersAbsurdRttIsAnArgumentErrorNotAnOverflow()
    {
        // Found by the wire fuzzer (issue 17): a next hop with rtt_ms 1e308 overflowed TimeSpan, and LoadStage answered UNKNOWN.
        Assert.Throws<ArgumentException>(() => LinkParameters.Create(double.PositiveInfinity, 1e308));
        Assert.Throws<ArgumentException>(() => LinkParameters.Create(1e6, LinkParameters.MaxRttMs + 1));
        Assert.Equal(TimeSpan.FromDays(1), LinkParameters.Create(1e6, LinkParameters.MaxRttMs).Rtt);
    }
}
