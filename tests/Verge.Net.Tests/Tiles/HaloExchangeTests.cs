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

public sealed class HaloExchangeTests
{
    private static float[] Image(FusedTilePlan plan) => Enumerable.Range(0, (int)plan.Block.InputInfo.Elements).Select(i => (float)Math.Sin(i * 0.05)).ToArray();

    private static async Task<List<NodeHost>> HelpersAsync(int n)
    {
        var hosts = new List<NodeHost>();
        for (int i = 0; i < n; i++) hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"helper{i}" }));
        return hosts;
    }

    private static List<TileHelper> Helpers(IEnumerable<NodeHost> hosts) => hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList();

    [Theory]
    [InlineData("zoo:resnet-tiny", 2, 2, false)]
    [InlineData("zoo:resnet-tiny", 3, 3, true)]
    [InlineData("vgg-mini", 2, 2, true)]
    [InlineData("vgg-mini", 3, 3, false)]
    public async Task HaloExchangeGivesTheWholeModelWithFewerBytesThanFullCrops(string model, int grid, int helpers, bool deviceWorks)
    {
        var graph = TwoBlockChains.Load(model);
        var plans = TwoBlockChains.Chain(graph, grid);
        var image = Image(plans[0]);
        using var local = new TileExecutor(plans);
        var want = local.Run(image);
        var hosts = await HelpersAsync(helpers);
        try
        {
            long Bytes(TileRunner r) => r.Link.BytesSent + r.Link.BytesReceived;
            var options = new TileRunOptions { Link = LinkParameters.FromMbps(1000, 0), DeviceTakesTiles = deviceWorks };
            // Full crops with helpers only: the device stealing tiles there would move a load-dependent number of bytes.
            await using var full = await TileRunner.StartAsync(plans, Helpers(hosts), options with { DeviceTakesTiles = false });
            await full.RunAsync(image, 0);
            long before = Bytes(full);
            await full.RunAsync(image, 1);
            long fullBytes = Bytes(full) - before;

            await using var halo = await TileRunner.StartAsync(plans, Helpers(hosts), options with { HaloExchange = true });
            for (int frame = 0; frame < 2; frame++)
            {
                before = Bytes(halo);
                var got = await halo.RunAsync(image, frame);
                foreach (var (name, values) in want)
                    Assert.True(MaxRelativeDifference(values, got.Outputs[name]) <= 1e-5, $"{model} {grid}x{grid}: '{name}' differs");
                Assert.Equal(2 * grid * grid, got.TilesPerHelper.Values.Sum() + got.TilesOnDevice);
                Assert.True(Bytes(halo) - before < fullBytes, $"halo exchange moved {Bytes(halo) - before} bytes, full crops {fullBytes}");
            }
            Assert.Equal(0, halo.HaloRestarts);
            // Every helper dropped the frames it held when they ended.
            Assert.All(hosts, h => Assert.Equal(0, h.HaloStore.Count));
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFrameAHelperNoLongerHoldsMidChainStillCompletesRight(bool restart)
    {
        var graph = TwoBlockChains.Load("vgg-mini");
        var plans = TwoBlockChains.Chain(graph, 2);
        var image = Image(plans[0]);
        using var local = new TileExecutor(plans);
        var want = local.Run(image);
        var hosts = await HelpersAsync(2);
        try
        {
            var options = new TileRunOptions
            {
                HaloExchange = true,
                AfterHaloBlock = async (frame, block) =>
                {
                    if (frame != 1 || block != 0) return;
                    if (!restart) { hosts[1].HaloStore.Clear(); return; }
                    // The helper restarts on its port: it holds neither the frame nor the tile stages.
                    int port = hosts[1].Port;
                    await hosts[1].DisposeAsync();
                    hosts[1] = await NodeHost.StartAsync(new NodeHostOptions("edge", Port: port) { Name = "helper1" });
                },
            };
            await using var runner = await TileRunner.StartAsync(plans, Helpers(hosts), options);
            for (int frame = 0; frame < 3; frame++)
            {
                var got = await runner.RunAsync(image, frame);
                foreach (var (name, values) in want)
                    Assert.True(MaxRelativeDifference(values, got.Outputs[name]) <= 1e-5, $"frame {frame}: '{name}' differs");
            }
            Assert.Equal(1, runner.HaloRestarts);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task AStripForAFrameTheHelperDoesNotHoldGetsTheOneLineError()
    {
        var plans = TwoBlockChains.Chain(TwoBlockChains.Load("vgg-mini"), 2);
        var tile = plans[1].Tiles[0];
        await using var host = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "helper0" });
        using var client = NodeClient.Connect(host.Url, LinkParameters.Unlimited);
        await client.LoadStageAsync(new StageModel("tile", Google.Protobuf.MessageExtensions.ToByteArray(tile.Model), [], []));
        var strip = new TileRegion(new AxisSpan(tile.Input.Rows.Start, tile.Input.Rows.Start + 1), tile.Input.Cols);
        var shape = TileExecutor.Shape(plans[1].Block.InputInfo.Shape, strip);
        var exchange = new TileExchange
        {
            Block = 1, Window = TileExchangeCall.Rect(tile.Input), ExpectsHeld = true, Output = TileExchangeCall.Rect(tile.Output), FullOutput = true,
        };
        exchange.Strips.Add(new TileStrip
        {
            Rect = TileExchangeCall.Rect(strip),
            Values = Wire.TensorCodec.Encode(plans[1].Block.Input, shape, new float[shape.Aggregate(1L, (a, d) => a * d)], Codec.Fp32, false),
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(new InferRequest { StageId = "tile", FrameId = 99, Tile = exchange }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("frame 99 block 1 is not held on this helper (helper0); the device restarts the frame", error.Status.Detail);
    }

    private static double MaxRelativeDifference(float[] expected, float[] actual) => Benchmarks.Tiles.TilesBench.MaxRelativeDifference(expected, actual);
}
