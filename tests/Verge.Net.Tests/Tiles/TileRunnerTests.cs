using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Tiles;

namespace Verge.Net.Tests.Tiles;

public sealed class TileRunnerTests
{
    [Theory]
    [InlineData("vgg-mini", 3)]
    [InlineData("zoo:resnet-tiny", 2)]
    public async Task TilesOnLoopbackHelpersGiveTheLocalResult(string model, int helperCount)
    {
        var graph = model.StartsWith("zoo:", StringComparison.Ordinal) ? TestZoo.Load(model)
            : ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create(model, seed: 2)), model);
        var block = FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= 3);
        var plan = FusedTilePartitioner.Partition(block, new TileGrid(3, 3));
        var hosts = new List<NodeHost>();
        try
        {
            for (int i = 0; i < helperCount; i++)
                hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"helper{i}" }));
            var helpers = hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList();
            var image = Enumerable.Range(0, (int)block.InputInfo.Elements).Select(i => (float)Math.Sin(i * 0.1)).ToArray();
            using var local = new TileExecutor(plan);
            var want = local.Run(image);

            await using var runner = await TileRunner.StartAsync(plan, helpers, new TileRunOptions { Link = LinkParameters.FromMbps(100, 1) });
            for (int frame = 0; frame < 2; frame++)
            {
                var got = await runner.RunAsync(image, frame);

                Assert.Equal(9, got.TilesPerHelper.Values.Sum());
                Assert.Equal(0, got.TilesOnDevice);
                Assert.All(got.PeakActivationBytesPerHelper.Values, b => Assert.InRange(b, 1, plan.BlockPeakActivationBytes - 1));
                foreach (var (name, values) in want)
                    Assert.Equal(values, got.Outputs[name]);
            }
            Assert.True(runner.Link.BytesSent > 0);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task TilesOfALostHelperGoToTheOthersOrTheDevice()
    {
        var graph = ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create("vgg-mini", seed: 2)), "vgg-mini");
        var plan = FusedTilePartitioner.Partition(FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= 3), new TileGrid(2, 2));
        var host = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "helper0" });
        var image = new float[plan.Block.InputInfo.Elements];
        image.AsSpan().Fill(0.5f);
        using var local = new TileExecutor(plan);
        var want = local.Run(image);

        await using var runner = await TileRunner.StartAsync(plan, [new TileHelper("helper0", host.Url)], new TileRunOptions());
        await host.DisposeAsync();
        var got = await runner.RunAsync(image, 0);

        Assert.Equal(4, got.TilesOnDevice);
        foreach (var (name, values) in want)
            Assert.Equal(values, got.Outputs[name]);
    }

    [Fact]
    public async Task TheDeviceTakesTilesFromTheSameQueueAndTheResultStaysTheSame()
    {
        var graph = ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create("vgg-mini", seed: 2)), "vgg-mini");
        var plan = FusedTilePartitioner.Partition(FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= 3), new TileGrid(1, 3));
        var host = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "helper0" });
        try
        {
            var image = Enumerable.Range(0, (int)plan.Block.InputInfo.Elements).Select(i => (float)Math.Cos(i * 0.07)).ToArray();
            using var local = new TileExecutor(plan);
            var want = local.Run(image);

            await using var runner = await TileRunner.StartAsync(plan, [new TileHelper("helper0", host.Url)],
                new TileRunOptions { Link = LinkParameters.FromMbps(100, 1), DeviceTakesTiles = true });
            for (int frame = 0; frame < 2; frame++)
            {
                var got = await runner.RunAsync(image, frame);

                Assert.Equal(3, got.TilesPerHelper.Values.Sum() + got.TilesOnDevice);
                foreach (var (name, values) in want)
                    Assert.Equal(values, got.Outputs[name]);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AChainOfBlocksOnHelpersGivesTheWholeModel()
    {
        var graph = ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create("vgg-mini", seed: 2)), "vgg-mini");
        var first = FusedBlock.Candidates(graph).First(c => c.OutputInfo.Shape[2] >= 2 && FusedBlock.Candidates(graph, c).Any(n => n.OutputInfo.Shape[2] >= 2));
        var second = FusedBlock.Candidates(graph, first).Last(c => c.OutputInfo.Shape[2] >= 2);
        IReadOnlyList<FusedTilePlan> plans = [FusedTilePartitioner.Partition(first, new TileGrid(2, 2), withRest: false), FusedTilePartitioner.Partition(second, new TileGrid(1, 2))];
        var hosts = new List<NodeHost>();
        try
        {
            for (int i = 0; i < 2; i++)
                hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"helper{i}" }));
            var image = Enumerable.Range(0, (int)first.InputInfo.Elements).Select(i => (float)Math.Sin(i * 0.03)).ToArray();
            using var local = new TileExecutor(plans);
            var want = local.Run(image);

            await using var runner = await TileRunner.StartAsync(plans, hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList(),
                new TileRunOptions { Link = LinkParameters.FromMbps(100, 1), DeviceTakesTiles = true, HelpersPerBlock = [2, 1] });
            var got = await runner.RunAsync(image, 0);

            Assert.Equal(6, got.TilesPerHelper.Values.Sum() + got.TilesOnDevice);
            foreach (var (name, values) in want)
                Assert.Equal(values, got.Outputs[name]);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }
}
