namespace Verge.Learning.Federated.AsyncSgd;

/// <summary>Plugs asynchronous SGD into <see cref="StrategyCatalog"/> as 'async-sgd'.</summary>
public sealed class AsyncSgdFactory : IStrategyFactory
{
    public string Name => "async-sgd";
    public bool RunsBehindServer => false;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new AsyncSgdStrategy(initialWeights, new AsyncSgdOptions(settings.Fit, settings.AsyncMixing, settings.StalenessExponent));
}
