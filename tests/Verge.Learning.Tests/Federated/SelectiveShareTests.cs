using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Simulation;

namespace Verge.Learning.Tests.Federated;

public sealed class SelectiveShareTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Theory]
    [InlineData("share:0.1", 1001)]
    [InlineData("share:0.01:clip=0.5:laplace=0.1", 25_450)]
    [InlineData("share:0.3:gauss=0.01", 777)]
    [InlineData("share:1", 50)]
    public void TheUploadHasExactlyCeilThetaDNonZeros(string spec, int d)
    {
        var codec = CodecSpec.Parse(spec)(3);
        var options = ((SelectiveShareCodec)codec).Options;
        var decoded = UpdateCodec.Decode(codec.Encode(Values(d, 1)));
        Assert.Equal(d, decoded.Length);
        Assert.Equal((int)Math.Ceiling(options.Fraction * d), decoded.Count(v => v != 0));
    }

    [Fact]
    public void WithoutNoiseItSharesTheLargestValuesClipped()
    {
        var values = new float[100];
        values[7] = 3f; values[50] = -0.2f; values[60] = 0.1f; values[99] = -9f;
        var decoded = UpdateCodec.Decode(new SelectiveShareCodec(new SelectiveShareOptions(0.03, Clip: 1)).Encode(values));
        Assert.Equal(1f, decoded[7]);
        Assert.Equal(-0.2f, decoded[50]);
        Assert.Equal(-1f, decoded[99]);
        Assert.Equal(0f, decoded[60]);
    }

    [Fact]
    public void LaplaceNoiseHasTheStatedScale()
    {
        // Mean |Laplace(0, b)| is b: shared zeros (clipped to 0) come back as pure noise.
        var codec = new SelectiveShareCodec(new SelectiveShareOptions(1, Clip: 1, ShareNoise.Laplace, 0.05), seed: 4);
        var decoded = UpdateCodec.Decode(codec.Encode(new float[40_000]));
        Assert.InRange(decoded.Average(v => Math.Abs(v)), 0.048, 0.052);
    }

    [Theory]
    [InlineData("share:0")]
    [InlineData("share:1.5")]
    [InlineData("share:0.1:clip=-1")]
    [InlineData("share:0.1:laplace=0")]
    [InlineData("share:0.1:laplace=1:gauss=1")]
    [InlineData("share:0.1:noise=1")]
    [InlineData("share:0.1+ef")]
    public void BadSpecsAreUsageErrors(string spec) => Assert.Throws<UsageException>(() => CodecSpec.Parse(spec));

    [Fact]
    public void TheSpecRoundTrips() =>
        Assert.Equal("share:0.1:clip=0.01:laplace=0.001", CodecSpec.Parse("share:0.1:clip=0.01:laplace=0.001")(0).Name);

    [Fact]
    public async Task AFederationSharingATenthLearns()
    {
        var train = (await FashionMnist.LoadTrainAsync()).Take(600);
        var test = (await FashionMnist.LoadTestAsync()).Take(300);
        var options = new SimulationOptions("mlp", 4, "fedavg", "share:0.1:clip=0.05:laplace=0.001", Rounds: 4)
            { Settings = new() { Fit = new(8, 16, 0.1f) }, Alpha = 1.0 };
        var report = new FederatedSimulation(options, train, test).Run();
        Assert.True(report.FinalTestAcc > 0.5, $"selective sharing of 10%: {report.FinalTestAcc:P1} after 4 rounds (chance is 10%)");
    }
}
