using System.Globalization;
using Verge.Core.Errors;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// What a poisoned simulated client does to its honest update before sending it: flip its sign ("signflip", the
/// reversed-gradient attack of Blanchard et al., NeurIPS 2017) or multiply it by a factor ("scale:F", e.g. 1e30).
/// The update is re-encoded as fp32, whatever codec the honest clients use.
/// </summary>
public sealed record PoisonAttack(float Factor)
{
    public static PoisonAttack SignFlip { get; } = new(-1f);
    public const string Help = "signflip or scale:FACTOR (e.g. scale:1e30)";

    public static PoisonAttack Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "signflip") return SignFlip;
        if (t.StartsWith("scale:", StringComparison.Ordinal) &&
            float.TryParse(t["scale:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out float factor) && float.IsFinite(factor))
            return new PoisonAttack(factor);
        throw new UsageException($"attack '{text}' is not understood; use {Help}") { Term = "attack" };
    }

    public UpdateEnvelope Apply(UpdateEnvelope honest)
    {
        var delta = UpdateCodec.Decode(honest.Payload);
        for (int i = 0; i < delta.Length; i++) delta[i] *= Factor;
        return honest with { Payload = new Fp32Codec().Encode(delta) };
    }
}
