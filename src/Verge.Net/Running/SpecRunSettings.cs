using Verge.Core.Deployment;

namespace Verge.Net.Running;

/// <summary>
/// How <see cref="SpecRun"/> runs a spec: frames, a fixed candidate or the planner's choice, re-planning, threads,
/// and nodes already running elsewhere by tier (the others start on loopback).
/// </summary>
public sealed record SpecRunSettings(int Frames, string? Plan, bool Adapt, int Threads, IReadOnlyDictionary<Tier, string> Nodes)
{
    /// <summary>Token and trusted CA for the nodes given in <see cref="Nodes"/> (loading stages needs an admin token).</summary>
    public Security.ClientSecurity Security { get; init; } = Verge.Net.Security.ClientSecurity.None;

    /// <summary>The frames to feed instead of the spec's <c>app.input</c> (a stream's frames that its gate sent).</summary>
    public Func<int, IReadOnlyList<Wire.FloatTensor>>? Inputs { get; init; }

    /// <summary>Time dilation factor k; null: the fastest node's speed (see <see cref="SpecRun.Dilation"/>). A larger k leaves a busy host headroom.</summary>
    public double? Dilation { get; init; }

    /// <summary>The stream's reuse gate for the device agent (<c>app.stream</c>); null sends every frame.</summary>
    public Func<Inference.Serving.Streams.IReuseGate>? ReuseGate { get; init; }

    /// <summary>Pin the split at this cut (an id from <c>verge cuts</c>): head on the device, tail offloaded; null: the planner's choice.</summary>
    public int? Cut { get; init; }
}
