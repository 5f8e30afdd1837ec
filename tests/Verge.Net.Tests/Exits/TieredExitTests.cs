using Google.Protobuf;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Learning.EarlyExit;
using Verge.Learning.Export;
using Verge.Learning.Models.Branchy;
using Verge.Net.Exits;
using Verge.Net.Hosting;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tests.Exits;

/// <summary>Hierarchical exits on real nodes over loopback: exit 1 on the phone, exit 2 on the edge, final in the cloud.</summary>
public sealed class TieredExitTests
{
    private static readonly DeploymentSpec Spec = DeploymentSpec.Parse("""
        app: { model: zoo:branchy-lenet5 }
        nodes:
          - { name: phone, tier: device }
          - { name: edge,  tier: edge }
          - { name: cloud, tier: cloud }
        links:
          - { from: phone, to: edge,  bandwidth: 100Mbps, rtt: 1ms }
          - { from: edge,  to: cloud, bandwidth: 100Mbps, rtt: 1ms }
        """, "test.yaml");

    private static readonly byte[] ModelBytes = BranchyExporter.Export(BranchyZoo.Create("branchy-lenet5", seed: 3)).ToByteArray();

    private static ModelGraph Graph(TempDir dir)
    {
        var path = dir.File("branchy.onnx");
        File.WriteAllBytes(path, ModelBytes);
        return ModelGraph.Load(path);
    }

    private static IReadOnlyList<FloatTensor> Image(int frame)
    {
        var rng = new Random(frame);
        return [new FloatTensor("input", [1, 1, 28, 28], Enumerable.Range(0, 784).Select(_ => rng.NextSingle()).ToArray())];
    }

    /// <summary>Runs <paramref name="frames"/> frames under <paramref name="policy"/> and returns them with the whole model's outputs.</summary>
    private static async Task<List<(TieredFrameResult Result, FloatTensor[] Whole)>> RunAsync(ExitPolicy policy, int frames = 8)
    {
        using var dir = new TempDir("verge-branchy-");
        var graph = Graph(dir);
        await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "edge" });
        await using var cloud = await NodeHost.StartAsync(new NodeHostOptions("cloud") { Name = "cloud" });
        var urls = new Dictionary<string, string> { ["edge"] = edge.Url, ["cloud"] = cloud.Url };
        var sites = new[] { Spec.Topology["phone"], Spec.Topology["edge"], Spec.Topology["cloud"] };
        using var tiers = await TieredExitDeployment.StartAsync(graph, sites, policy, Spec.Topology, urls);
        using var whole = new StageSession(ModelBytes, ["input"], ["exit1", "exit2", "final"]);
        var runs = new List<(TieredFrameResult, FloatTensor[])>();
        for (int f = 0; f < frames; f++)
            runs.Add((await tiers.InferAsync(Image(f)), whole.Run(Image(f))));
        return runs;
    }

    private static void AssertSameLogits(FloatTensor expected, FloatTensor actual)
    {
        double scale = expected.Data.Max(v => Math.Abs(v)) + 1e-12;
        Assert.Equal(expected.Data.Length, actual.Data.Length);
        for (int i = 0; i < expected.Data.Length; i++) Assert.InRange(Math.Abs(expected.Data[i] - actual.Data[i]) / scale, 0, 1e-4);
    }

    [Fact]
    public async Task WithThresholdsNoSampleMeetsEveryFrameTravelsToTheCloudAndMatchesTheFinalExit()
    {
        var runs = await RunAsync(ExitPolicy.Uniform(ConfidenceMeasure.MaxSoftmax, double.PositiveInfinity, 2));

        Assert.All(runs, r =>
        {
            Assert.Equal(2, r.Result.Exit);
            Assert.Equal("final", r.Result.ExitName);
            Assert.Equal("cloud", r.Result.Site);
            Assert.True(r.Result.UplinkBytes > 0);
            AssertSameLogits(r.Whole[2], r.Result.Logits);
        });
    }

    [Fact]
    public async Task WithThresholdsEverySampleMeetsNothingLeavesTheDevice()
    {
        var runs = await RunAsync(ExitPolicy.Uniform(ConfidenceMeasure.MaxSoftmax, 0, 2));

        Assert.All(runs, r =>
        {
            Assert.Equal(0, r.Result.Exit);
            Assert.Equal("phone", r.Result.Site);
            Assert.Equal(0, r.Result.UplinkBytes);
            AssertSameLogits(r.Whole[0], r.Result.Logits);
        });
    }

    [Fact]
    public async Task MixedThresholdsSplitFramesAcrossTiersAsThePolicySays()
    {
        // Thresholds at the median entropy of each early exit over these frames, so frames leave at every tier.
        const int frames = 16;
        using var whole = new StageSession(ModelBytes, ["input"], ["exit1", "exit2", "final"]);
        var scores = Enumerable.Range(0, frames).Select(f => whole.Run(Image(f)))
            .Select(o => new[] { ExitPolicy.Score(o[0].Data, ConfidenceMeasure.Entropy), ExitPolicy.Score(o[1].Data, ConfidenceMeasure.Entropy) }).ToList();
        double Median(int e) => scores.Select(s => s[e]).Order().ElementAt(frames / 2);
        var policy = new ExitPolicy(ConfidenceMeasure.Entropy, [Median(0), Median(1)]);

        var runs = await RunAsync(policy, frames);

        var counts = new int[3];
        foreach (var (r, expected) in runs)
        {
            counts[r.Exit]++;
            Assert.Equal(policy.Choose([ExitPolicy.Score(expected[0].Data, policy.Measure), ExitPolicy.Score(expected[1].Data, policy.Measure), 0]), r.Exit);
            AssertSameLogits(expected[r.Exit], r.Logits);
            Assert.Equal(r.Exit == 0, r.UplinkBytes == 0);
        }
        Assert.Equal(frames, counts.Sum());
        Assert.True(counts[0] > 0 && counts[1] + counts[2] > 0, $"counts per tier: {string.Join(", ", counts)}");
    }
}
