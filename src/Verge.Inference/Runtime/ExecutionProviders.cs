using Microsoft.ML.OnnxRuntime;
using Verge.Core.Errors;

namespace Verge.Inference.Runtime;

/// <summary>
/// ONNX Runtime's execution providers by Verge's names ("cpu", "cuda"): the one place a session is given one. A
/// provider this build of ONNX Runtime lacks is an input error, never a silent fall-back to the CPU — a result
/// recorded as "cuda" must have run on CUDA.
/// </summary>
public static class ExecutionProviders
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static readonly string[] Names = [Cpu, Cuda];

    /// <summary>Adds <paramref name="provider"/> to <paramref name="options"/> (the CPU provider is always there, last).</summary>
    public static void Apply(SessionOptions options, string provider)
    {
        switch (provider)
        {
            case Cpu:
                return;
            case Cuda:
                RequireAvailable("CUDAExecutionProvider", Cuda);
                options.AppendExecutionProvider_CUDA(0);
                return;
            default:
                throw new UsageException($"execution provider '{provider}' is not known; give one of {string.Join(", ", Names)}");
        }
    }

    /// <summary>
    /// Refuses, before any session exists, a provider this build lacks: <paramref name="asker"/> (e.g. "node 'edge'") begins
    /// the one-line error and <paramref name="fix"/> ends it.
    /// </summary>
    public static void Check(string provider, string asker, string fix)
    {
        if (provider == Cuda) RequireAvailable("CUDAExecutionProvider", Cuda, asker + ": ", fix);
        else if (provider != Cpu) throw new UsageException($"{asker}: execution provider '{provider}' is not known; give one of {string.Join(", ", Names)}");
    }

    /// <summary>Throws the one-line error for a provider this ONNX Runtime build was not compiled with.</summary>
    public static void RequireAvailable(string ortName, string name, string asker = "", string fix = "use --ep cpu")
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(ortName, StringComparer.Ordinal))
            throw new InputException($"{asker}execution provider {name} is not in this ONNX Runtime build (it has {string.Join(", ", available.Select(Short))}); " +
                                     $"run on a machine with the GPU build (Microsoft.ML.OnnxRuntime.Gpu) or {fix}");
    }

    private static string Short(string ortName) => ortName.Replace("ExecutionProvider", "", StringComparison.Ordinal).ToLowerInvariant();
}
