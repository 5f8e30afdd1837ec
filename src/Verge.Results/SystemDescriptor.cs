using System.Runtime.InteropServices;

namespace Verge.Results;

/// <summary>
/// The machine a result was measured on: what MLPerf's submission "system description" asks for, reduced to what a
/// program can read itself. <see cref="Name"/> is how plans and <c>verge results compare</c> refer to it
/// (VERGE_SYSTEM, else the host name).
/// </summary>
public sealed record SystemDescriptor(
    string Name,
    string Cpu,
    int Cores,
    long MemoryBytes,
    string Os,
    string Dotnet,
    string OnnxRuntime,
    string Provider)
{
    /// <summary>This host, running ONNX Runtime with <paramref name="provider"/> ("cpu", "cuda").</summary>
    public static SystemDescriptor Current(string provider) => new(
        Environment.GetEnvironmentVariable("VERGE_SYSTEM") is { Length: > 0 } name ? name : Environment.MachineName,
        CpuModel(),
        Environment.ProcessorCount,
        MemoryTotal(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OnnxRuntimeVersion(),
        provider);

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is > 0 and var colon)
                    return line[(colon + 1)..].Trim();
        }
        catch (IOException)
        {
            // Not Linux, or no procfs: the architecture is all we can say.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemoryTotal()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal)
                    && long.TryParse(line["MemTotal:".Length..].Replace("kB", "").Trim(), out var kb))
                    return kb * 1024;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string OnnxRuntimeVersion() =>
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown";
}
