namespace Verge.Learning.Training;

/// <summary>
/// What one run of the training loop did: optimizer steps, samples seen, and the loss summed per sample
/// (Σ loss·batch size) and per step (Σ loss).
/// </summary>
public sealed record TrainingPass(int Steps, int Samples, double SampleLossSum, double StepLossSum)
{
    /// <summary>Mean loss per training sample (0 when nothing was seen).</summary>
    public double MeanLoss => Samples == 0 ? 0 : SampleLossSum / Samples;

    /// <summary>Mean loss per optimizer step, each mini-batch weighted alike (0 when no step was taken).</summary>
    public double MeanStepLoss => Steps == 0 ? 0 : StepLossSum / Steps;
}
