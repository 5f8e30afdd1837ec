using Verge.Learning.Engine;

namespace Verge.Learning.Precog;

/// <summary>
/// A small classifier for a few classes plus "other" (anything else), the model Precog keeps on the device.
/// <see cref="Predict"/> gives the class and its softmax probability, or −1 when "other" wins.
/// </summary>
public sealed class SpecialisedModel(int[] classes, Sequential network)
{
    private readonly Tensor _input = new(1, 1, 28, 28);

    public int[] Classes { get; } = classes;
    public Sequential Network { get; } = network;

    /// <summary>Bytes pushed to the device: every weight as fp32.</summary>
    public long Bytes => Network.State().Sum(s => (long)s.Tensor.Length) * sizeof(float);

    public (int Class, double Confidence) Predict(ReadOnlySpan<float> frame)
    {
        frame.CopyTo(_input.Data);
        var logits = Network.Forward(_input).Data;
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp(logits[i] - logits[best]);
        return (best < Classes.Length ? Classes[best] : -1, 1.0 / sum);
    }
}
