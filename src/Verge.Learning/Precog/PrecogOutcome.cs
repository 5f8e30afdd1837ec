namespace Verge.Learning.Precog;

/// <summary>What Precog did on a stream: the answer per frame, which frames the device answered itself, accuracy
/// against the ground truth and against always offloading, and the models pushed to the device.</summary>
public sealed record PrecogOutcome(int[] Answers, bool[] Local, double Accuracy, double AccuracyOffload, int ModelsPushed, long BytesPushed)
{
    public double LocalFraction => Answers.Length == 0 ? 0 : (double)Local.Count(l => l) / Answers.Length;
}
