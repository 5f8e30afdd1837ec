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

    /// <summary>Time dilation factor k; null: the fastest node's speed (see <see cref="SpecRun.Dilation"/>). A larger k leaves a busy host headroom.</summary>
    public double? Dilation { get; init; }
}
