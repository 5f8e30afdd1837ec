namespace Verge.Inference.Runtime.Scenarios;

/// <summary>
/// A run's minimums and the server scenario's bound. MLPerf Inference asks for 600 s and 1024 queries (270,336 for
/// server) so that a 99th percentile is measured on enough tail; Verge's defaults are 10 s and 100 queries, sized
/// for a two-core host measuring ResNet-18 in a few minutes, and say so in every verdict. A run that falls short of
/// either minimum is INVALID, as LoadGen marks it.
/// </summary>
public sealed record ScenarioSettings
{
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(10);
    public int MinQueries { get; init; } = 100;

    /// <summary>Issue exactly this many queries (samples for offline, per trial for server) instead of running until both minimums are met.</summary>
    public int? Queries { get; init; }

    /// <summary>The server scenario's bound on the 99th-percentile latency.</summary>
    public double LatencyBoundMs { get; init; } = 500;

    /// <summary>Server: rate trials of the search for the highest rate within the bound.</summary>
    public int SearchSteps { get; init; } = 6;

    /// <summary>Queries run before measuring, to warm caches and the session.</summary>
    public int Warmup { get; init; } = 5;

    public int Seed { get; init; } = 42;
}
