using System.Numerics.Tensors;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>
/// Private inference measured end to end from the device's side: the frames run on shares (2pc, against an edge party
/// and a dealer) or on ciphertexts (he, against an edge party) in separate processes, by URL, and in clear through
/// ONNX Runtime, and the two are compared. The device's randomness is the OS generator's unless
/// <c>partySeed</c> is given (tests and papers only: a known seed reveals the input).
/// </summary>
public static class PrivateInference
{
    public static async Task<PrivateInferenceReport> RunAsync(string path, string source, float[] frames, int[] labels, int batch,
        string edgeUrl, string dealerUrl, ClientSecurity? security, int? partySeed, CancellationToken ct)
    {
        var model = SecureModel.Load(path, source);
        int count = labels.Length;
        CheckFrames(source, model.InputSize, frames, count);
        var plain = PlainReference.Logits(path, frames, count, model.InputSize, model.OutputSize);
        using var random = RandomSource.For(partySeed, "2pc device", model.Fingerprint);
        var run = await DeviceParty.RunAsync(model, edgeUrl, dealerUrl, frames, count, batch, security, random, ct);
        var (accPlain, accPrivate, agree, maxError) = Compare(plain, run.Logits, labels, model.OutputSize);
        return new PrivateInferenceReport(source, "2pc", count, batch, Ring.FractionBits, accPlain, accPrivate, agree, maxError,
            run.BytesOnline, run.BytesSetup, run.BytesOffline, Math.Round(run.MsOnline, 1), Math.Round(run.MsOffline, 1), run.Rounds);
    }

    /// <summary>Homomorphic inference (Paillier, <paramref name="keyBits"/>-bit modulus); batch is the frames packed per ciphertext.</summary>
    public static async Task<PrivateInferenceReport> RunHomomorphicAsync(string path, string source, float[] frames, int[] labels, int keyBits,
        string edgeUrl, ClientSecurity? security, int? partySeed, CancellationToken ct)
    {
        var model = HomomorphicModel.Load(path, source);
        int count = labels.Length;
        CheckFrames(source, model.InputSize, frames, count);
        var plain = PlainReference.Logits(path, frames, count, model.InputSize, model.OutputSize);
        using var keySource = RandomSource.For(partySeed, "he device", "paillier key");
        using var random = RandomSource.For(partySeed, "he device", model.Fingerprint);
        var run = await HomomorphicDeviceParty.RunAsync(model, keyBits, edgeUrl, frames, count, security, keySource, random, ct);
        var (accPlain, accPrivate, agree, maxError) = Compare(plain, run.Logits, labels, model.OutputSize);
        return new PrivateInferenceReport(source, "he", count, run.Pack, model.FractionBits, accPlain, accPrivate, agree, maxError,
            run.BytesOnline, run.BytesSetup, 0, Math.Round(run.MsOnline, 1), Math.Round(run.MsOffline, 1), run.Rounds)
        {
            KeyBits = run.KeyBits,
        };
    }

    private static void CheckFrames(string source, int inputSize, float[] frames, int count)
    {
        if (frames.Length != count * inputSize)
            throw new InputException($"'{source}' takes {inputSize} values per frame, not the {frames.Length / Math.Max(1, count)} of a Fashion-MNIST image");
    }

    private static (double Plain, double Private, double Agreement, double MaxError) Compare(float[] plain, float[] secret, int[] labels, int n)
    {
        int count = labels.Length, plainRight = 0, privateRight = 0, agree = 0;
        double maxError = 0;
        for (int i = 0; i < count; i++)
        {
            var p = plain.AsSpan(i * n, n);
            var s = secret.AsSpan(i * n, n);
            int pc = TensorPrimitives.IndexOfMax<float>(p), sc = TensorPrimitives.IndexOfMax<float>(s);
            if (pc == labels[i]) plainRight++;
            if (sc == labels[i]) privateRight++;
            if (pc == sc) agree++;
            for (int j = 0; j < n; j++) maxError = Math.Max(maxError, Math.Abs(p[j] - s[j]));
        }
        return ((double)plainRight / count, (double)privateRight / count, (double)agree / count, maxError);
    }
}
