using System.Globalization;

namespace Verge.Cli.Output;

/// <summary>The host's state beside a measurement: cores and the 1-minute load average (Linux), so a reader sees whether it was idle.</summary>
internal static class HostState
{
    public static string Read()
    {
        var cores = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        return LoadAverage() is { } load ? $"{cores} cores, load average {load}" : $"{cores} cores";
    }

    /// <summary>The 1-minute load average as /proc/loadavg writes it; null where there is none (not Linux) or it cannot be read.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
