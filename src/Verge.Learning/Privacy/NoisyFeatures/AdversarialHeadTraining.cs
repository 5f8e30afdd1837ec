using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Noise-aware training of head and tail with an adversary in the loop (adversarial representation learning: Xiao,
/// Tsai, Sohn, Chandraker &amp; Yang, "Adversarial learning of privacy-preserving and task-oriented representations",
/// AAAI 2020; Li et al., "DeepObfuscator", 2019): a decoder learns to rebuild the owner's images from the noisy
/// features while head and tail minimise cross-entropy minus λ times that decoder's MSE, so the head learns features
/// that keep the class and lose the picture. One forward and one backward per batch serve both players: the joint
/// loss CE − λ·MSE leaves −λ·∇MSE on the decoder's weights, which are flipped to ∇MSE before its own step.
/// The decoder is training's own; the bench's attacker is trained afresh on the new head, as strong as before.
/// </summary>
internal static class AdversarialHeadTraining
{
    /// <summary>The training adversary: the attacker's spatial decoder where the cut is a map it reads, else its MLP.</summary>
    public static string DecoderKind(int[] featureShape, ImageDataset like) =>
        InversionAttack.Applies("spatial", featureShape, like) ? "spatial" : "mlp";

    public static void Fit(Sequential head, NoisyCrossing crossing, Sequential tail, ImageDataset owner, int[] featureShape, float unit,
        double weight, int epochs, int batch, float lr, Rng rng, Rng decoderRng)
    {
        if (!(weight > 0) || !double.IsFinite(weight)) throw new ArgumentOutOfRangeException(nameof(weight), "the adversary's weight must be positive");
        string kind = DecoderKind(featureShape, owner);
        var decoder = InversionAttack.Create(kind, featureShape, owner, decoderRng);
        // The decoder reads what the attacker's reads: the map or the flat vector, rescaled by the known noise level.
        var adversary = InversionAttack.InputShape(kind, featureShape).Length == 1
            ? new Sequential(new Scale(unit), new Flatten(), decoder) : new Sequential(new Scale(unit), decoder);
        int[] image = [owner.Channels, owner.Height, owner.Width];
        var opt = new Adam([.. head.Parameters(), .. tail.Parameters()], lr);
        var decoderOpt = new Adam(adversary.Parameters(), 1e-3f);
        head.Train(); tail.Train(); adversary.Train();
        foreach (var (idx, x) in SplitFitting.Batches(owner.Pixels, owner.ImageSize, owner.Count, epochs, batch, rng))
        {
            opt.ZeroGrad(); decoderOpt.ZeroGrad();
            var z = crossing.Forward(head.Forward(new Tensor(x, [idx.Length, .. image])));
            var ce = Losses.CrossEntropy(tail.Forward(z), idx.Select(i => owner.Labels[i]).ToArray());
            var mse = Mse(adversary.Forward(z), x);
            WeightedLoss.Sum([ce, mse], [1f, (float)-weight]).Backward();
            opt.Step();
            float flip = (float)(-1 / weight);
            foreach (var p in adversary.Parameters())
                if (p.Tensor.Grad is { } g) System.Numerics.Tensors.TensorPrimitives.Multiply(g, flip, g);
            decoderOpt.Step();
        }
        head.Eval(); tail.Eval();
    }

    /// <summary>Mean squared error of <paramref name="output"/> against <paramref name="target"/> (same length), as a scalar.</summary>
    internal static Tensor Mse(Tensor output, float[] target)
    {
        if (output.Length != target.Length) throw new ArgumentException($"{output.Length} outputs but {target.Length} targets");
        double total = 0;
        for (int i = 0; i < target.Length; i++) total += (double)(output.Data[i] - target[i]) * (output.Data[i] - target[i]);
        var loss = new Tensor([(float)(total / target.Length)], 1);
        loss.SetOrigin(() =>
        {
            float g = 2f * loss.Grad![0] / target.Length;
            var dx = output.Grad!;
            for (int i = 0; i < target.Length; i++) dx[i] += g * (output.Data[i] - target[i]);
        }, output);
        return loss;
    }
}
