using Verge.Core.Deployment;
using Verge.Core.Spec;

namespace Verge.Inference.Planning;

/// <summary>
/// What every planner is asked for: the objective to minimise, the latency SLO a plan should meet, the wire codec
/// for every hop, the RPC stack's own cost per message, and the frame whose link conditions apply (links may follow a
/// schedule).
/// </summary>
public sealed record PlanningOptions
{
    public Objective Objective { get; init; } = Objective.Latency;
    public double? SloLatencyMs { get; init; }
    public WireCodec Codec { get; init; } = WireCodec.Fp32;
    public int Frame { get; init; }

    /// <summary>The RPC stack's cost per message and link, beyond the network (default none).</summary>
    public MessageCost Message { get; init; } = MessageCost.None;

    public static PlanningOptions From(AppSpec app) => new()
    {
        Objective = app.Objective,
        SloLatencyMs = app.SloLatencyMs,
        Codec = app.Codec,
    };
}
