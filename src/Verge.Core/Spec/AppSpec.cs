using Verge.Core.Deployment;

namespace Verge.Core.Spec;

/// <summary>
/// The application part of a spec: which model (<c>zoo:NAME</c> or a path), fed with what (<c>random</c>,
/// <c>zeros</c>, <c>fashion-mnist:test</c>), optimised for what, under which latency SLO, with which wire codec.
/// </summary>
public sealed record AppSpec(string Model, string Input, Objective Objective, double? SloLatencyMs, WireCodec Codec);
