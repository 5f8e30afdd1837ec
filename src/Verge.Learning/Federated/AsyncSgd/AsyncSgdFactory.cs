namespace Verge.Learning.Federated.AsyncSgd;

public static class AsyncSgdFactory
{
    public static AsyncSgdStrategy Create(StrategySettings settings) =>
        new(settings.InitialWeights, new AsyncSgdOptions(settings.Fit, settings.AsyncMixing, settings.StalenessExponent));
}
