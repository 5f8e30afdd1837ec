namespace Verge.Learning.Privacy.SecureMl;

/// <summary>
/// The plaintext baseline of <see cref="SecureMlTrainer"/>: the same model, initial weights, row order and SGD in
/// double precision, with the true logistic sigmoid or with SecureML's piecewise-linear one (the same algorithm as
/// on shares); and the accuracy of a weight vector on clear data.
/// </summary>
public static class PlainMlTrainer
{
    public static double[] Train(SecureMlOptions o, float[] x, float[] y, int rows, int d, bool piecewise = false)
    {
        var w = o.Initial(d);
        foreach (var step in o.Steps(rows))
        {
            var g = new double[w.Length];
            foreach (int r in step)
            {
                var (u, hidden) = Forward(o, w, x.AsSpan(r * d, d), d);
                double delta = (piecewise ? Math.Clamp(u + 0.5, 0, 1) : 1 / (1 + Math.Exp(-u))) - y[r];
                Backward(o, w, g, x.AsSpan(r * d, d), d, hidden, delta);
            }
            double scale = o.LearningRate / step.Length;
            for (int i = 0; i < w.Length; i++) w[i] -= scale * g[i];
        }
        return w;
    }

    public static double Accuracy(SecureMlOptions o, double[] w, float[] x, float[] y, int rows, int d)
    {
        int right = 0;
        for (int r = 0; r < rows; r++)
            if ((Forward(o, w, x.AsSpan(r * d, d), d).U > 0 ? 1 : 0) == (int)y[r]) right++;
        return rows == 0 ? 0 : (double)right / rows;
    }

    private static (double U, double[] Hidden) Forward(SecureMlOptions o, double[] w, ReadOnlySpan<float> x, int d)
    {
        if (!o.IsMlp)
        {
            double u = w[d];
            for (int j = 0; j < d; j++) u += w[j] * x[j];
            return (u, []);
        }
        int h = o.Hidden;
        var a = new double[h];
        for (int k = 0; k < h; k++) a[k] = w[d * h + k];
        for (int j = 0; j < d; j++)
        {
            if (x[j] == 0) continue;
            for (int k = 0; k < h; k++) a[k] += x[j] * w[j * h + k];
        }
        double v = w[d * h + 2 * h];
        for (int k = 0; k < h; k++)
        {
            a[k] = Math.Max(0, a[k]);
            v += a[k] * w[d * h + h + k];
        }
        return (v, a);
    }

    private static void Backward(SecureMlOptions o, double[] w, double[] g, ReadOnlySpan<float> x, int d, double[] a, double delta)
    {
        if (!o.IsMlp)
        {
            for (int j = 0; j < d; j++) g[j] += delta * x[j];
            g[d] += delta;
            return;
        }
        int h = o.Hidden;
        for (int k = 0; k < h; k++)
        {
            g[d * h + h + k] += delta * a[k];
            double d1 = a[k] > 0 ? delta * w[d * h + h + k] : 0;
            g[d * h + k] += d1;
            if (d1 == 0) continue;
            for (int j = 0; j < d; j++) g[j * h + k] += d1 * x[j];
        }
        g[d * h + 2 * h] += delta;
    }
}
