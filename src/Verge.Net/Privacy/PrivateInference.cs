using System.Numerics.Tensors;
using Verge.Core.Errors;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Net.Privacy;

/// <summary>
/// Two-party inference measured end to end from the device's side: the frames run on shares against an edge party
/// and a dealer (separate processes, by URL), and in clear through ONNX Runtime, and the two are compared.
/// </summary>
public static class PrivateInference
{
    public static async Task<PrivateInferenceReport> RunAsync(string path, string source, float[] frames, int[] labels, int batch,
        string edgeUrl, string dealerUrl, CancellationToken ct)
    {
        var model = SecureModel.Load(path, source);
        int count = labels.Length;
        if (frames.Length != count * model.InputSize)
            throw new InputException($"'{source}' takes {model.InputSize} values per frame, not the {frames.Length / Math.Max(1, count)} of a Fashion-MNIST image");
        var plain = PlainReference.Logits(path, frames, count, model.InputSize, model.OutputSize);
        var run = await DeviceParty.RunAsync(model, edgeUrl, dealerUrl, frames, count, batch, ct);
        int n = model.OutputSize, plainRight = 0, privateRight = 0, agree = 0;
        double maxError = 0;
        for (int i = 0; i < count; i++)
        {
            var p = plain.AsSpan(i * n, n);
            var s = run.Logits.AsSpan(i * n, n);
            int pc = TensorPrimitives.IndexOfMax<float>(p), sc = TensorPrimitives.IndexOfMax<float>(s);
            if (pc == labels[i]) plainRight++;
            if (sc == labels[i]) privateRight++;
            if (pc == sc) agree++;
            for (int j = 0; j < n; j++) maxError = Math.Max(maxError, Math.Abs(p[j] - s[j]));
        }
        return new PrivateInferenceReport(source, "2pc", count, batch, Ring.FractionBits,
            (double)plainRight / count, (double)privateRight / count, (double)agree / count, maxError,
            run.BytesOnline, run.BytesSetup, run.BytesOffline, Math.Round(run.MsOnline, 1), Math.Round(run.MsOffline, 1), run.Rounds);
    }
}
