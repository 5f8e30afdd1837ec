using System.Text.Json.Serialization;

namespace Verge.Net.Privacy;

/// <summary>
/// What <c>verge private-infer</c> measured: accuracy in clear (ONNX Runtime) and on shares on the same frames, the
/// largest logit error, and the costs: online bytes/time between device and edge (input to logits), setup bytes
/// (the weights' shares, once per session), offline bytes/time (dealer triples to both parties). For "he", Batch is
/// the frames packed per ciphertext, setup bytes are the hello with the public key, offline time is key generation
/// and the encryption randomness, and <see cref="KeyBits"/> the Paillier modulus size.
/// </summary>
public sealed record PrivateInferenceReport(
    string Model, string Protocol, int Frames, int Batch, int FractionBits,
    double AccuracyPlain, double AccuracyPrivate, double Agreement, double MaxAbsLogitError,
    long BytesOnline, long BytesSetup, long BytesOffline, double MsOnline, double MsOffline, int Rounds)
{
    public double BytesOnlinePerFrame => Frames == 0 ? 0 : (double)BytesOnline / Frames;
    /// <summary>The Paillier modulus' bits (he only; absent from 2pc's JSON).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? KeyBits { get; init; }

    public double MsOnlinePerFrame => Frames == 0 ? 0 : MsOnline / Frames;
}
