namespace Verge.Inference.Runtime.Scenarios;

/// <summary>MLPerf Inference's scenarios (Reddi et al., ISCA 2020, §III-B), as LoadGen defines them.</summary>
public enum Scenario
{
    /// <summary>One query at a time, the next issued when the last returns; the metric is the 90th-percentile latency.</summary>
    SingleStream,

    /// <summary>All samples at once; the metric is throughput (samples per second).</summary>
    Offline,

    /// <summary>Queries arrive as a Poisson process; the metric is the highest rate whose 99th-percentile latency stays within a bound.</summary>
    Server,
}
