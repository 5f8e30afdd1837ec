using Grpc.Core;
using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Client;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Stages;
using Verge.Net.Tiles;

namespace Verge.Net.Tests.Tiles;

/// <summary>Fewer bytes per value on the radio, both lossless: 8-bit camera windows and zero-bitmap strips.</summary>
public sealed class PackedStripTests
{
    /// <summary>A seeded 8-bit frame and the model's normalisation for it (one mean per channel).</summary>
    private static (byte[] Frame, ImageNormalization Norm, float[] Image) Frame(ModelGraph graph)
    {
        var shape = graph.Inputs[0].Shape;
        var rng = new Random(5);
        var frame = new byte[shape.Aggregate(1L, (a, d) => a * d)];
        rng.NextBytes(frame);
        var norm = shape[1] == 3 ? ImageNormalization.ImageNet : new ImageNormalization([0.286f], [0.353f]);
        norm.Check(graph.Inputs[0], graph.Source);
        return (frame, norm, norm.Normalize(frame, shape[1], shape[2] * shape[3]));
    }

    [Theory]
    [InlineData("zoo:resnet-tiny", 2, true)]
    [InlineData("zoo:resnet-tiny", 3, false)]
    [InlineData("vgg-mini", 2, false)]
    [InlineData("vgg-mini", 3, true)]
    public async Task EightBitFramesGiveTheWholeModelOnTheNormalisedFrame(string model, int grid, bool halo)
    {
        var graph = TwoBlockChains.Load(model);
        var plans = TwoBlockChains.Chain(graph, grid);
        var (frame, norm, image) = Frame(graph);
        using var local = new TileExecutor(plans);
        var want = local.Run(image);
        var hosts = new List<NodeHost>();
        try
        {
            for (int i = 0; i < 2; i++) hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"helper{i}" }));
            var options = new TileRunOptions { HaloExchange = halo, DeviceTakesTiles = true, U8Input = norm, PackStrips = true };
            await using var runner = await TileRunner.StartAsync(plans, hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList(), options);
            var got = await runner.RunAsync(frame, 0);
            foreach (var (name, values) in want)
                Assert.True(Benchmarks.Tiles.TilesBench.MaxRelativeDifference(values, got.Outputs[name]) <= 1e-5, $"{model} {grid}x{grid}: '{name}' differs");
            Assert.Equal(0, runner.HaloRestarts);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task TheCodecMovesFewerBytesPerFrameThanFloat32()
    {
        var graph = TwoBlockChains.Load("zoo:resnet-tiny");
        var plans = TwoBlockChains.Chain(graph, 2);
        var (frame, norm, image) = Frame(graph);
        await using var host = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "helper0" });
        var helpers = new[] { new TileHelper("helper0", host.Url) };
        async Task<(long Bytes, Dictionary<string, float[]> Outputs)> RunOnce(TileRunOptions options, bool u8)
        {
            await using var runner = await TileRunner.StartAsync(plans, helpers, options with { HaloExchange = true, Link = LinkParameters.FromMbps(1000, 0) });
            var got = u8 ? await runner.RunAsync(frame, 0) : await runner.RunAsync(image, 0);
            return (runner.Link.BytesSent + runner.Link.BytesReceived, got.Outputs.ToDictionary(p => p.Key, p => p.Value));
        }
        var plain = await RunOnce(new TileRunOptions(), false);
        var packed = await RunOnce(new TileRunOptions { PackStrips = true }, false);
        var both = await RunOnce(new TileRunOptions { PackStrips = true, U8Input = norm }, true);

        Assert.True(packed.Bytes < plain.Bytes, $"zero-bitmap strips moved {packed.Bytes} bytes, float32 {plain.Bytes}");
        Assert.True(both.Bytes < packed.Bytes, $"8-bit windows moved {both.Bytes} bytes, float windows {packed.Bytes}");
        // Lossless: the same floats on every path, bit for bit.
        foreach (var (name, values) in plain.Outputs)
        {
            Assert.Equal(values, packed.Outputs[name]);
            Assert.Equal(values, both.Outputs[name]);
        }
    }

    [Theory]
    [InlineData(StripFormat.ZeroBitmap, true, "the strip is corrupt")]
    [InlineData(StripFormat.ZeroBitmap, false, "the strip was cut short")]
    [InlineData(StripFormat.U8, true, "without the u8 input")]
    public async Task ACorruptPackedStripIsRefusedWithOneLine(StripFormat format, bool wholeBitmap, string says)
    {
        var plans = TwoBlockChains.Chain(TwoBlockChains.Load("vgg-mini"), 2);
        var tile = plans[0].Tiles[0];
        await using var host = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "helper0" });
        using var client = NodeClient.Connect(host.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(new StageModel("tile", Google.Protobuf.MessageExtensions.ToByteArray(tile.Model), [], []));
        var exchange = new TileExchange { Block = 0, Window = TileExchangeCall.Rect(tile.Input), Output = TileExchangeCall.Rect(tile.Output), FullOutput = true, EndFrame = true };
        var shape = TileExecutor.Shape(plans[0].Block.InputInfo.Shape, tile.Input);
        long count = shape.Aggregate(1L, (a, d) => a * d);
        // A whole bitmap that marks one value it does not carry (or every 8-bit value, sent without the normalisation); or one byte.
        var data = new byte[wholeBitmap ? (format == StripFormat.U8 ? count : (count + 7) / 8) : 1];
        data[0] = 1;
        var packed = new PackedStrip { Format = format, Data = Google.Protobuf.ByteString.CopyFrom(data) };
        packed.Shape.AddRange(shape);
        exchange.Strips.Add(new TileStrip { Rect = TileExchangeCall.Rect(tile.Input), Packed = packed });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(new InferRequest { StageId = "tile", FrameId = 1, Tile = exchange }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(says, error.Status.Detail);
        Assert.DoesNotContain('\n', error.Status.Detail);
    }
}
