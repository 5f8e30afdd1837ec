using Verge.Learning.Federated;
using Verge.Learning.Federated.AsyncSgd;

namespace Verge.Learning.Tests.Federated;

/// <summary>AdaComp's per-parameter staleness (Hardy et al., 2017): a component is damped only by the updates that touched it since the pull.</summary>
public sealed class SparseStalenessModelTests
{
    private static readonly AsyncSgdOptions Options = new(StrategySettings.DefaultFit, Mixing: 0.5f, StalenessExponent: 1f);

    [Fact]
    public void AFreshUpdateMovesTheModelByTheMixingWeight()
    {
        var model = new SparseStalenessModel([1f, 1f, 1f], Options);
        var (_, touched) = model.Pull();
        model.Apply([2f, 0f, -2f], touched);
        Assert.Equal([2f, 1f, 0f], model.Weights.ToArray());
        Assert.Equal(1, model.Version);
    }

    [Fact]
    public void StalenessCountsOnlyTheUpdatesThatTouchedEachParameter()
    {
        var model = new SparseStalenessModel([0f, 0f], Options);
        var (_, slow) = model.Pull();
        // Another worker updates parameter 0 twice meanwhile; parameter 1 stays untouched.
        for (int i = 0; i < 2; i++)
        {
            var (_, fast) = model.Pull();
            model.Apply([1f, 0f], fast);
        }
        double meanStaleness = model.Apply([3f, 3f], slow);
        // Parameter 0 is 2 updates stale: 0.5·(1+2)^-1·3 = 0.5; parameter 1 is fresh: 0.5·3 = 1.5.
        Assert.Equal(1f + 0.5f, model.Weights[0], 5);
        Assert.Equal(1.5f, model.Weights[1], 5);
        Assert.Equal(1.0, meanStaleness, 5);
        Assert.Equal(model.Weight(0) / 3, model.Weight(2), 5);
    }
}
