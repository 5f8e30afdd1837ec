using Verge.Core.Deployment;

namespace Verge.Net.Running;

/// <summary>
/// How <see cref="SpecRun"/> runs a spec: frames, a fixed candidate or the planner's choice, re-planning, threads,
/// and nodes already running elsewhere by tier (the others start on loopback).
/// </summary>
public sealed record SpecRunSettings(int Frames, string? Plan, bool Adapt, int Threads, IReadOnlyDictionary<Tier, string> Nodes);
