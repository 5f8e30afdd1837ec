namespace Verge.Learning.Federated.Codistillation;

/// <summary>
/// Plugs codistillation into <see cref="StrategyCatalog"/> as 'codistill'; simulation only, since the gRPC client
/// does not yet carry teacher models.
/// </summary>
public sealed class CodistillationFactory : IStrategyFactory
{
    public string Name => "codistill";
    public bool RunsBehindServer => false;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new CodistillationStrategy(initialWeights, settings.Fit, settings.Fraction, settings.Seed, clients, settings.Codistillation);
}
