namespace Verge.Learning.Training;

/// <summary>One epoch of training: its mean training loss, the test accuracy after it, and how long it took.</summary>
public sealed record EpochResult(int Epoch, double Seconds, double TrainLoss, double TestAccuracy);
