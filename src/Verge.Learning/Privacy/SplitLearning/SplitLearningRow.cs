namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// One ε of split learning (ε = ∞: clean activations): test accuracy of head+tail trained with that noise (the same
/// noise at inference), the last epoch's mean loss, and the inversion attack on the activations that left the device.
/// </summary>
public sealed record SplitLearningRow(double Epsilon, double LaplaceScale, double Accuracy, double FinalLoss,
    double Psnr, double Ssim, double AttackAccuracy, string Decoder);
