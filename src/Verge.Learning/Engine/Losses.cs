namespace Verge.Learning.Engine;

/// <summary>Scalar losses over a batch of logits [N, K], averaged over the batch.</summary>
public static class Losses
{
    /// <summary>Softmax cross-entropy against integer labels.</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        int n = logits.Shape[0], k = logits.Length / n;
        if (labels.Length != n) throw new ArgumentException($"{n} logits rows but {labels.Length} labels");
        var probs = new float[logits.Length];
        var target = labels.ToArray();
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var row = probs.AsSpan(i * k, k);
            double logZ = Softmax(logits.Data.AsSpan(i * k, k), 1f, row);
            total += logZ - logits.Data[i * k + target[i]];
        }
        var loss = new Tensor([(float)(total / n)], 1);
        loss.SetOrigin(() =>
        {
            float g = loss.Grad![0] / n;
            var dx = logits.Grad!;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++)
                    dx[i * k + j] += g * (probs[i * k + j] - (j == target[i] ? 1f : 0f));
        }, logits);
        return loss;
    }

    /// <summary>
    /// Knowledge distillation (Hinton et al., 2015): KL(softmax(teacher/T) ‖ softmax(student/T)) · T², averaged
    /// over the batch; the T² keeps gradient magnitudes comparable across temperatures.
    /// </summary>
    public static Tensor DistillationKl(Tensor studentLogits, ReadOnlySpan<float> teacherLogits, float temperature)
    {
        int n = studentLogits.Shape[0], k = studentLogits.Length / n;
        if (teacherLogits.Length != studentLogits.Length) throw new ArgumentException("teacher and student logits differ in size");
        var ps = new float[studentLogits.Length];
        var pt = new float[studentLogits.Length];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double logZs = Softmax(studentLogits.Data.AsSpan(i * k, k), temperature, ps.AsSpan(i * k, k));
            double logZt = Softmax(teacherLogits.Slice(i * k, k), temperature, pt.AsSpan(i * k, k));
            for (int j = 0; j < k; j++)
            {
                int idx = i * k + j;
                if (pt[idx] <= 0f) continue;
                double logPt = teacherLogits[idx] / temperature - logZt, logPs = studentLogits.Data[idx] / temperature - logZs;
                total += pt[idx] * (logPt - logPs);
            }
        }
        float t2 = temperature * temperature;
        var loss = new Tensor([(float)(total * t2 / n)], 1);
        loss.SetOrigin(() =>
        {
            float g = loss.Grad![0] * temperature / n;
            var dx = studentLogits.Grad!;
            for (int i = 0; i < dx.Length; i++) dx[i] += g * (ps[i] - pt[i]);
        }, studentLogits);
        return loss;
    }

    /// <summary>softmax(x/T) into <paramref name="probs"/>; returns log Σ exp(x/T).</summary>
    private static double Softmax(ReadOnlySpan<float> x, float temperature, Span<float> probs)
    {
        float max = float.NegativeInfinity;
        foreach (var v in x) max = Math.Max(max, v / temperature);
        double sum = 0;
        for (int j = 0; j < x.Length; j++) sum += Math.Exp(x[j] / temperature - max);
        for (int j = 0; j < x.Length; j++) probs[j] = (float)(Math.Exp(x[j] / temperature - max) / sum);
        return max + Math.Log(sum);
    }
}
