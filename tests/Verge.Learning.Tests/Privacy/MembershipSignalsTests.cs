using Verge.Learning.Privacy.Audit;

namespace Verge.Learning.Tests.Privacy;

/// <summary>The signals the attacks read: cross-entropy and logit-scaled confidence, against their definitions.</summary>
public sealed class MembershipSignalsTests
{
    [Fact]
    public void LossAndScaledConfidenceMatchTheirDefinitions()
    {
        float[] logits = [2f, 0.5f, -1f, 0f, 3f, 1f];
        var s = MembershipSignals.FromLogits(logits, [0, 2]);
        for (int i = 0; i < 2; i++)
        {
            var z = logits.Skip(3 * i).Take(3).Select(v => (double)v).ToArray();
            int y = i == 0 ? 0 : 2;
            double p = Math.Exp(z[y]) / z.Sum(Math.Exp);
            Assert.Equal(-Math.Log(p), s.Loss[i], 10);
            Assert.Equal(Math.Log(p / (1 - p)), s.ScaledConfidence[i], 10);
        }
    }

    [Fact]
    public void ScaledConfidenceStaysFiniteWhenTheModelIsCertain()
    {
        var s = MembershipSignals.FromLogits([60f, -60f], [0]);
        Assert.Equal(120, s.ScaledConfidence[0], 6); // p rounds to 1 in double; φ = z_y − z_other exactly
        Assert.True(s.Loss[0] >= 0 && s.Loss[0] < 1e-20);
    }

    [Fact]
    public void OfflineLiraScoresByDistanceIntoTheOutDistribution()
    {
        // Two examples; OUT shadows put both at mean 0 with pooled sd 1; the target is far above on the first.
        double[][] shadows = [[1, -1], [-1, 1], [1, -1], [-1, 1]];
        var scores = OfflineLira.Scores([3, 0], shadows);
        double sd = Math.Sqrt(4.0 / 3); // sample variance of ±1 over four shadows
        Assert.Equal(3 / sd, scores[0], 10);
        Assert.Equal(0, scores[1], 10);
    }
}
