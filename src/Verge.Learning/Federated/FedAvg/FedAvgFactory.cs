namespace Verge.Learning.Federated.FedAvg;

/// <summary>Plugs federated averaging into <see cref="StrategyCatalog"/> as 'fedavg'.</summary>
public sealed class FedAvgFactory : IStrategyFactory
{
    public string Name => "fedavg";
    public bool RunsBehindServer => true;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new FedAvgStrategy(initialWeights, new FedAvgOptions(settings.Fit, settings.Fraction, settings.Seed) { Aggregation = settings.Aggregation });
}
