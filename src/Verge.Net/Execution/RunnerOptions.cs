namespace Verge.Net.Execution;

/// <summary>How <see cref="PlanRunner"/> runs: frames, a fixed plan or the planner's choice, and how it adapts.</summary>
public sealed record RunnerOptions
{
    public int Frames { get; init; } = 20;
    /// <summary>Run this candidate instead of the planner's choice (and do not re-plan).</summary>
    public string? Plan { get; init; }
    /// <summary>Run this plan, made elsewhere (e.g. one cut of a sweep), instead of a candidate (and do not re-plan).</summary>
    public Inference.Planning.Plan? Given { get; init; }
    /// <summary>
    /// Split at this cut (an id from <c>verge cuts</c>) instead of the planner's choice (and do not re-plan): the
    /// Neurosurgeon plan for that cut, head on the device and tail on the first edge node (else cloud). A model trained
    /// for one cut (a noisily trained tail) is only right there, whatever the planner would prefer.
    /// </summary>
    public int? Cut { get; init; }
    public bool Adapt { get; init; } = true;
    /// <summary>Re-plan when measured bandwidth or RTT moves by more than this fraction.</summary>
    public double DriftThreshold { get; init; } = 0.3;
    /// <summary>Measure the device's uplink every this many frames.</summary>
    public int ProbeEveryFrames { get; init; } = 1;
    /// <summary>Bytes of the probe echoed over the uplink (both ways) to time its bandwidth.</summary>
    public int ProbeBytes { get; init; } = 16 * 1024;
    /// <summary>The clock the uplink probes are timed on; a test passes a virtual one, so re-planning sees exactly the shaped link.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public DeploymentOptions Deployment { get; init; } = new();
    /// <summary>Measure the RPC stack's cost per message (<see cref="TransportCalibration"/>) before planning, unless the planning options carry one.</summary>
    public bool CalibrateTransport { get; init; } = true;
}
