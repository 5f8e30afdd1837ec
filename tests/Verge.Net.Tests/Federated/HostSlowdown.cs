using System.Globalization;

namespace Verge.Net.Tests.Federated;

/// <summary>
/// How much slower than idle this host runs now: the one-minute load average per core, from 1 (idle) to 6. A
/// process test whose protocol has a deadline — a round timeout, and the live window (round timeout + 5 s) in which a
/// client that stopped polling still counts as present — scales it and its waits' guards by this, so a busy host
/// stretches the deadline instead of dropping a healthy client or outliving a guard. Nothing asserts a time.
/// </summary>
internal static class HostSlowdown
{
    /// <summary><paramref name="idleSeconds"/> stretched by the host's load now.</summary>
    public static int Scale(int idleSeconds) => (int)Math.Ceiling(idleSeconds * Factor());

    private static double Factor()
    {
        try
        {
            var load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            return Math.Clamp(load / Environment.ProcessorCount, 1, 6);
        }
        catch (IOException)
        {
            return 1; // No /proc: take the host as idle, the tests' old fixed deadlines.
        }
    }
}
