using System.Globalization;

namespace Verge.Cli.Output;

/// <summary>The host's state beside a measurement: cores and the 1-minute load average (Linux), so a reader sees whether it was idle.</summary>
internal static class HostState
{
    public static string Read()
    {
        var cores = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        try
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return $"{cores} cores, load average {load}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{cores} cores";
        }
    }
}
