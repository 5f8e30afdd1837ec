namespace Verge.Learning.Federated.SyncSgd;

public static class SyncSgdFactory
{
    public static SyncSgdStrategy Create(StrategySettings settings) =>
        new(settings.InitialWeights, new SyncSgdOptions(settings.Fit, settings.BackupWorkers));
}
