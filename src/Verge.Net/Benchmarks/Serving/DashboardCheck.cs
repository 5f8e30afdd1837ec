namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// The live dashboard's throughput (<c>GET /v2/dashboard</c>, polled at 30 % and read at 70 % of a run) next to the
/// load generator's answers per second over the same window (its timeline) and over the whole run.
/// </summary>
public sealed record DashboardCheck(double DashboardRps, double LoadWindowRps, double LoadRps)
{
    /// <summary>Dashboard ÷ load generator over the same window: 1 when the dashboard counts right.</summary>
    public double Ratio => LoadWindowRps > 0 ? DashboardRps / LoadWindowRps : double.NaN;
}
