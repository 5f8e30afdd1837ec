using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Learning.Data;
using Verge.Learning.Privacy.SecureMl;

namespace Verge.Net.Privacy;

/// <summary>
/// The data owner's side of two-server training: a binary Fashion-MNIST task (class A → 0, class B → 1), the
/// rows secret-shared into one file per server, the plaintext baseline, and the weights rebuilt from the servers'
/// shares and scored on the test rows.
/// </summary>
public static class PrivateTraining
{
    public sealed record Task(float[] X, float[] Y, int Rows, int D);

    public static Task Binary(ImageDataset data, int classA, int classB, int limit)
    {
        var rows = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == classA || data.Labels[i] == classB);
        if (limit > 0) rows = rows.Take(limit);
        var index = rows.ToArray();
        int d = data.ImageSize;
        var x = new float[index.Length * d];
        var y = new float[index.Length];
        for (int r = 0; r < index.Length; r++)
        {
            data.Image(index[r]).CopyTo(x.AsSpan(r * d, d));
            y[r] = data.Labels[index[r]] == classB ? 1 : 0;
        }
        return new Task(x, y, index.Length, d);
    }

    /// <summary>Writes share0.bin and share1.bin into <paramref name="folder"/>: server 0's uniform (from <paramref name="random"/>), server 1's the rest.</summary>
    public static (string Share0, string Share1) WriteShares(Task t, string folder, IRandomSource random)
    {
        var x = Ring.Encode(t.X);
        var y = Ring.Encode(t.Y);
        var (x0, y0) = (Prg.Uniform(x.Length, random), Prg.Uniform(y.Length, random));
        string s0 = Path.Combine(folder, "share0.bin"), s1 = Path.Combine(folder, "share1.bin");
        ShareFile.Write(s0, t.Rows, t.D, x0, y0);
        ShareFile.Write(s1, t.Rows, t.D, Ring.Sub(x, x0), Ring.Sub(y, y0));
        return (s0, s1);
    }

    public static PrivateTrainingReport Report(SecureMlOptions o, int classA, int classB, Task train, Task test, ulong[] w0, ulong[] w1,
        TrainingParty.Outcome server0)
    {
        var plain = PlainMlTrainer.Train(o, train.X, train.Y, train.Rows, train.D);
        var piecewise = PlainMlTrainer.Train(o, train.X, train.Y, train.Rows, train.D, piecewise: true);
        var secret = Ring.Add(w0, w1).Select(Ring.Decode).ToArray();
        double error = piecewise.Zip(secret, (a, b) => Math.Abs(a - b)).Max();
        return new PrivateTrainingReport(o.Model, classA, classB, train.Rows, test.Rows, o.Epochs, o.Batch, o.LearningRate,
            PlainMlTrainer.Accuracy(o, plain, test.X, test.Y, test.Rows, test.D), PlainMlTrainer.Accuracy(o, piecewise, test.X, test.Y, test.Rows, test.D),
            PlainMlTrainer.Accuracy(o, secret, test.X, test.Y, test.Rows, test.D),
            error, server0.BytesPeer, 2 * server0.BytesDealer, Math.Round(server0.MsOnline, 1), Math.Round(server0.MsOffline, 1), server0.Rounds);
    }
}
