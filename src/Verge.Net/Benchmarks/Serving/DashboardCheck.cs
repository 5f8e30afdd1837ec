namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// The live dashboard's throughput (<c>GET /v2/dashboard</c>, read twice during a run) next to what the load
/// generator counted over the same run: the two should agree within noise.
/// </summary>
public sealed record DashboardCheck(double DashboardRps, double LoadRps)
{
    public double Ratio => LoadRps > 0 ? DashboardRps / LoadRps : double.NaN;
}
