using Verge.Core.Errors;
using Verge.Inference.Compression.Int8;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Passes;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Compression;

/// <summary>Range statistics, calibration specs, and the Fashion-MNIST calibration source on the real files.</summary>
public sealed class CalibrationTests
{
    [Fact]
    public void PercentileGivesANarrowerRangeThanMinMaxWhenThereAreOutliers()
    {
        var rng = new Random(7);
        var bulk = new float[100_000];
        for (int i = 0; i < bulk.Length; i++) bulk[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var stats = new TensorStatistics();
        stats.Add(bulk);
        stats.Add([250f, -180f, 400f]);

        var minMax = stats.Range(CalibrationMethod.MinMax);
        var clipped = stats.Range(CalibrationMethod.Percentile, 99.9);
        Assert.Equal(400f, minMax.Max);
        Assert.Equal(-180f, minMax.Min);
        Assert.InRange(clipped.Max, 3.0f, 3.6f); // |N(0,1)| 99.9th percentile ≈ 3.29
        Assert.InRange(clipped.Min, -3.6f, -3.0f);
    }

    [Fact]
    public void HistogramKeepsEveryValueWhenItsRangeGrows()
    {
        var stats = new TensorStatistics(bins: 64);
        stats.Add(Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray()); // [0, 1)
        stats.Add(Enumerable.Range(0, 1000).Select(i => 100f + i / 10f).ToArray()); // [100, 200)

        Assert.Equal(2000, stats.Count);
        Assert.InRange(stats.AbsPercentile(50), 0.99f, 2 * 200f / 64); // half the values lie below 1: within one bin, and doubling overshoots < 2×
        Assert.InRange(stats.AbsPercentile(100), 199f, 200f);
    }

    [Fact]
    public void PostReluTensorsKeepZeroAsTheirMinimum()
    {
        var stats = new TensorStatistics();
        stats.Add(Enumerable.Range(0, 10_000).Select(i => i % 100 == 0 ? 50f : i % 7 * 0.1f).ToArray());
        var r = stats.Range(CalibrationMethod.Percentile, 99);
        Assert.Equal(0f, r.Min);
        Assert.InRange(r.Max, 0.55f, 0.65f);
        var (scale, zeroPoint) = QdqRewriter.ActivationParameters(r, ActivationType.UInt8);
        Assert.Equal(0, zeroPoint);
        Assert.Equal(r.Max / 255f, scale, 6);
    }

    [Theory]
    [InlineData("imagenet:100", "calibration source 'imagenet:100' is not recognised; write random:64 or fashion-mnist:train:512")]
    [InlineData("random", "calibration source 'random' is not recognised")]
    [InlineData("random:0", "the count '0' must be a positive integer")]
    [InlineData("random:ten", "the count 'ten' must be a positive integer")]
    [InlineData("fashion-mnist:valid:10", "the split must be 'train' or 'test'")]
    public void BadSpecsAreUsageErrors(string spec, string expected)
    {
        var e = Assert.Throws<UsageException>(() => CalibrationSources.Parse(spec));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FashionMnistFeedsImagesScaledToUnitRange()
    {
        var source = CalibrationSources.Parse("fashion-mnist:train:16");
        var graph = ModelGraph.FromProto(Int8Models.FashionCnn(), "fashion-cnn");
        var feeds = source.Feeds(graph.Inputs).ToList();
        try
        {
            Assert.Equal(16, feeds.Count);
            var pixels = feeds[0].Values[0].GetTensorDataAsSpan<float>();
            Assert.Equal(784, pixels.Length);
            Assert.True(pixels.ToArray().All(p => p is >= 0f and <= 1f));
            Assert.True(pixels.ToArray().Max() > 0.9f);
        }
        finally
        {
            feeds.ForEach(f => f.Dispose());
        }
        Assert.Equal("fashion-mnist:test:8", source.HeldOut(8).Spec);
    }

    [Fact]
    public void FashionMnistCalibratedModelAgreesOnTestImages()
    {
        var graph = ModelGraph.FromProto(Int8Models.FashionCnn(), "fashion-cnn");
        var source = CalibrationSources.Parse("fashion-mnist:train:32");
        var result = Int8Quantizer.Quantize(graph, source, new Int8Options { Method = CalibrationMethod.Percentile, Threads = 1 });
        var c = ModelComparer.Compare(graph.ToBytes(), result.ToBytes(), graph.Inputs, source.HeldOut(32), threads: 1, runs: 1);

        Assert.Equal(32, result.CalibrationFeeds);
        Assert.InRange(result.Ranges["image"].Max, 0.9f, 1f);
        Assert.Equal(0f, result.Ranges["image"].Min);
        Assert.True(c.Top1Agreement >= 0.9, $"top-1 agreement {c.Top1Agreement:P1}");
    }

    [Fact]
    public void FashionMnistNeedsA28x28Input()
    {
        var graph = TestZoo.Load("zoo:tiny-chain");
        var e = Assert.Throws<InputException>(() => Int8Quantizer.Quantize(graph, CalibrationSources.Parse("fashion-mnist:test:4")));
        Assert.Contains("needs a model with one float input of N×1×28×28", e.Message);
        Assert.Contains("'input' 1×3×32×32; use calibration source random:64", e.Message);
    }
}
