using System.Globalization;
using System.Numerics.Tensors;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Deep Gradient Compression (Lin et al., ICLR 2018): top-k of a locally accumulated velocity, with momentum
/// correction (accumulate u = m·u + g, not g), momentum factor masking (clear u and v where sent), local gradient
/// clipping, and a warm-up whose density falls exponentially (25%, 6.25%, …) to the final one. The payload is a
/// <see cref="TopKCodec"/> one. The accumulation is the codec's own state, so a client that sits out rounds keeps
/// it until it next encodes (its residual is delayed, never dropped). See <see cref="DgcOptions"/> for why the
/// momentum is 0 on federated round deltas.
/// </summary>
public sealed class DgcCodec(DgcOptions options, UpdateCodec? valueCodec = null) : UpdateCodec
{
    private float[]? _velocity, _accumulated;
    private int _encodes;

    public DgcOptions Options { get; } = options;
    public UpdateCodec ValueCodec { get; } = valueCodec ?? new Fp32Codec();

    public override string Name
    {
        get
        {
            var d = new DgcOptions();
            var inv = CultureInfo.InvariantCulture;
            return $"dgc:{Options.Density.ToString("G4", inv)}" + (ValueCodec is Fp32Codec ? "" : ":" + ValueCodec.Name) +
                   (Options.Momentum != d.Momentum ? $":m={Options.Momentum.ToString("G4", inv)}" : "") +
                   (Options.WarmupUpdates != d.WarmupUpdates ? $":warmup={Options.WarmupUpdates}" : "") +
                   (Options.ClipNorm != d.ClipNorm ? $":clip={Options.ClipNorm.ToString("G4", inv)}" : "");
        }
    }

    /// <summary>The not-yet-sent accumulation v (empty before the first encode).</summary>
    public ReadOnlySpan<float> Accumulated => _accumulated;

    /// <summary>The density of the next encode: 0.25^(i+1) during warm-up, never below the final density.</summary>
    public double CurrentDensity => _encodes < Options.WarmupUpdates ? Math.Max(Options.Density, Math.Pow(0.25, _encodes + 1)) : Options.Density;

    public override byte[] Encode(ReadOnlySpan<float> update)
    {
        int n = update.Length;
        if (_velocity is null || _velocity.Length != n) (_velocity, _accumulated) = (new float[n], new float[n]);
        var g = update.ToArray();
        if (Options.ClipNorm > 0f)
        {
            float norm = TensorPrimitives.Norm(g);
            if (norm > Options.ClipNorm) TensorPrimitives.Multiply(g, Options.ClipNorm / norm, g);
        }
        TensorPrimitives.MultiplyAdd(_velocity, Options.Momentum, g, _velocity);
        TensorPrimitives.Add(_accumulated!, _velocity, _accumulated!);
        var indices = TopKCodec.SelectLargest(_accumulated, TopKCodec.KeepCount(n, CurrentDensity));
        var payload = TopKCodec.Write(_accumulated, indices, ValueCodec);
        if (ValueCodec is Fp32Codec)
            foreach (var i in indices) _velocity[i] = _accumulated![i] = 0f;
        else
        {
            // Quantised values: what the server decodes differs from v, so only the decoded part leaves v (error
            // feedback on the rounding); the momentum is still masked where a value was sent.
            var sent = Decode(payload);
            foreach (var i in indices) { _accumulated![i] -= sent[i]; _velocity[i] = 0f; }
        }
        _encodes++;
        return payload;
    }
}
