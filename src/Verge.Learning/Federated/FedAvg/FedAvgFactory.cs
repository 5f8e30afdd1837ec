namespace Verge.Learning.Federated.FedAvg;

public static class FedAvgFactory
{
    public static FedAvgStrategy Create(StrategySettings settings) =>
        new(settings.InitialWeights, new FedAvgOptions(settings.Fit, settings.Fraction, settings.Seed));
}
