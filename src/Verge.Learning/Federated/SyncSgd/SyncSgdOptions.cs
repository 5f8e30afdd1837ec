namespace Verge.Learning.Federated.SyncSgd;

/// <summary>Synchronous SGD: b backup workers (the round aggregates the first N − b results) and each worker's step.</summary>
public sealed record SyncSgdOptions(FitConfig Fit, int BackupWorkers = 0);
