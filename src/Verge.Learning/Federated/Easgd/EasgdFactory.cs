namespace Verge.Learning.Federated.Easgd;

public static class EasgdFactory
{
    public static EasgdStrategy Create(StrategySettings settings) =>
        new(settings.InitialWeights, new EasgdOptions(settings.Fit, settings.ElasticAlpha));
}
