namespace Verge.Learning.Federated.SyncSgd;

/// <summary>Plugs synchronous SGD with backup workers into <see cref="StrategyCatalog"/> as 'sync-sgd'.</summary>
public sealed class SyncSgdFactory : IStrategyFactory
{
    public string Name => "sync-sgd";
    public bool RunsBehindServer => true;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new SyncSgdStrategy(initialWeights, new SyncSgdOptions(settings.Fit, settings.BackupWorkers));
}
