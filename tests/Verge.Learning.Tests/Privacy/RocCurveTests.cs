using Verge.Learning.Privacy.Audit;

namespace Verge.Learning.Tests.Privacy;

/// <summary>The audit's arithmetic on hand-made scores: AUC, TPR at a fixed FPR and advantage.</summary>
public sealed class RocCurveTests
{
    [Fact]
    public void PerfectSeparationHasAucOneAndFullAdvantage()
    {
        var roc = RocCurve.From([5, 6, 7, 8], [1, 2, 3, 4]);
        Assert.Equal(1.0, roc.Auc, 12);
        Assert.Equal(1.0, roc.Advantage, 12);
        Assert.Equal(1.0, roc.TprAtFpr(0.0), 12);
    }

    [Fact]
    public void ReversedScoresHaveAucZero()
    {
        var roc = RocCurve.From([1, 2], [3, 4]);
        Assert.Equal(0.0, roc.Auc, 12);
        Assert.Equal(0.0, roc.Advantage, 12);
    }

    [Fact]
    public void IdenticalScoresAreAFairCoin()
    {
        double[] same = [0.3, 0.1, 0.7, 0.7, 0.2];
        var roc = RocCurve.From(same, same);
        Assert.Equal(0.5, roc.Auc, 12);
        Assert.Equal(0.0, roc.Advantage, 12);
    }

    [Fact]
    public void SamplesOfOneDistributionGiveAboutHalf()
    {
        var random = new Random(7);
        var members = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var nonMembers = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var roc = RocCurve.From(members, nonMembers);
        Assert.InRange(roc.Auc, 0.48, 0.52);
        Assert.InRange(roc.Advantage, 0, 0.04);
    }

    [Fact]
    public void TprAtFprOnATinyList()
    {
        // Descending: 10 m, 9 n, 8 m, 7 m, 6 n, 5 n, 4 m, 3 n, 2 n, 1 n — 4 members, 6 non-members.
        var roc = RocCurve.From([10, 8, 7, 4], [9, 6, 5, 3, 2, 1]);
        Assert.Equal(0.25, roc.TprAtFpr(0.0), 12);       // only "≥ 10" admits no non-member
        Assert.Equal(0.25, roc.TprAtFpr(0.1), 12);       // one false positive is 1/6 > 0.1
        Assert.Equal(0.75, roc.TprAtFpr(1.0 / 6), 12);   // "≥ 7": 3 of 4 members, 1 of 6 non-members
        Assert.Equal(1.0, roc.TprAtFpr(0.5), 12);        // "≥ 4": all members, 3 of 6 non-members
        Assert.Equal(0.75 - 1.0 / 6, roc.Advantage, 12);
        // Mann–Whitney: pairs with the member above = 6 + 5 + 5 + 3 = 19 of 24.
        Assert.Equal(19.0 / 24, roc.Auc, 12);
    }

    [Fact]
    public void TiedScoresAcrossClassesCountHalf()
    {
        var roc = RocCurve.From([1, 2], [1, 0]);
        // Pairs: (1,1) tie ½, (1,0) 1, (2,1) 1, (2,0) 1 → 3.5 of 4.
        Assert.Equal(3.5 / 4, roc.Auc, 12);
    }

    [Fact]
    public void NotANumberRanksLowest()
    {
        var roc = RocCurve.From([double.NaN, 3], [1, 2]);
        Assert.Equal(0.5, roc.Auc, 12);
    }
}
