namespace Verge.Learning.Federated.Easgd;

/// <summary>Plugs elastic averaging SGD into <see cref="StrategyCatalog"/> as 'easgd'.</summary>
public sealed class EasgdFactory : IStrategyFactory
{
    public string Name => "easgd";
    public bool RunsBehindServer => true;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new EasgdStrategy(initialWeights, new EasgdOptions(settings.Fit, settings.ElasticAlpha));
}
