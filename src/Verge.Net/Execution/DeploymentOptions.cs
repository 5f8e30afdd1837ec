using Verge.Net.Wire;

namespace Verge.Net.Execution;

/// <summary>How a plan (or a tiered-exit deployment, which has no fallback) is put on nodes: wire codec on every hop, device threads, timeouts, fallback retries.</summary>
public sealed record DeploymentOptions
{
    public TensorEncoding Encoding { get; init; } = TensorEncoding.Fp32;
    public int Threads { get; init; } = 1;
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>While a node is unreachable, try it again every this many frames.</summary>
    public int RetryEveryFrames { get; init; } = 5;
    /// <summary>Token and trusted CA for the nodes (loading stages needs an admin token).</summary>
    public Security.ClientSecurity Security { get; init; } = Verge.Net.Security.ClientSecurity.None;
    /// <summary>Time dilation for the device and every link (the nodes are started with the same k; see <see cref="TimeDilation"/>).</summary>
    public TimeDilation Dilation { get; init; } = TimeDilation.None;
    /// <summary>A stream's reuse gate on the device agent (issue 14, <c>app.stream</c>): one fresh gate per deployment;
    /// null sends every frame.</summary>
    public Func<Inference.Serving.Streams.IReuseGate>? ReuseGate { get; init; }
}
