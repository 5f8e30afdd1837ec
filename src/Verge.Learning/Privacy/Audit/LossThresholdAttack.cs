namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// The loss-threshold attack (Yeom et al., "Privacy Risk in Machine Learning", CSF 2018): an example is called a
/// member when the model's loss on it is below a threshold, so the membership score is the negated loss and the ROC
/// sweeps every threshold. Needs nothing but the target model.
/// </summary>
public static class LossThresholdAttack
{
    public const string Name = "loss";

    public static double[] Scores(IReadOnlyList<double> loss)
    {
        var scores = new double[loss.Count];
        for (int i = 0; i < scores.Length; i++) scores[i] = -loss[i];
        return scores;
    }
}
