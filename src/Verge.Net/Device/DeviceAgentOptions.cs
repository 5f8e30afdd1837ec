using Verge.Inference.Serving.Streams;
using Verge.Net.Links;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Device;

/// <summary>
/// What a device agent runs and where it offloads to. <see cref="Head"/> null sends the raw inputs (full
/// offload). <see cref="RemoteStage"/>, when given, is (re)loaded on the first node at start and after every
/// reconnect, so a restarted node gets its stage back; otherwise the caller loads it.
/// </summary>
public sealed record DeviceAgentOptions
{
    /// <summary>The whole model, run on the device when the network is gone.</summary>
    public required byte[] FullModel { get; init; }
    public StageModel? Head { get; init; }
    /// <summary>The head's profiled time at speed 1, which the emulated device takes ÷ <see cref="DeviceSpeed"/>; null: measured at start.</summary>
    public TimeSpan? HeadTypical { get; init; }
    /// <summary>The whole model's profiled time at speed 1 (for the fallback); null: measured at start.</summary>
    public TimeSpan? FullTypical { get; init; }
    public required string RemoteUrl { get; init; }
    public required string RemoteStageId { get; init; }
    public (StageModel Stage, NextHopSpec? Next)? RemoteStage { get; init; }
    public LinkParameters Uplink { get; init; } = LinkParameters.Unlimited;
    /// <summary>Codec of the tensors the device sends.</summary>
    public TensorEncoding Encoding { get; init; } = TensorEncoding.Fp32;
    /// <summary>Codec of the final outputs coming back.</summary>
    public TensorEncoding ReplyEncoding { get; init; } = TensorEncoding.Fp32;
    public int Threads { get; init; } = 1;
    /// <summary>Emulated compute speed of the device relative to this host (a spec's `speed`).</summary>
    public double DeviceSpeed { get; init; } = 1.0;

    /// <summary>The ONNX Runtime execution provider of the device's sessions (the spec device node's <c>ep:</c>).</summary>
    public string Provider { get; init; } = Inference.Runtime.ExecutionProviders.Cpu;
    /// <summary>Time dilation factor k ≥ 1 of the emulation the device runs in (see <see cref="ComputePacer"/>); 1: none.</summary>
    public double Dilation { get; init; } = 1.0;
    /// <summary>While offline, try the server again every this many frames.</summary>
    public int RetryEveryFrames { get; init; } = 5;
    /// <summary>Ping the server every this many frames to keep the RTT estimate fresh.</summary>
    public int PingEveryFrames { get; init; } = 10;
    /// <summary>A call slower than this counts as the server being gone.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public double EwmaWeight { get; init; } = 0.3;
    /// <summary>The clock for measurements and link delays (tests pass a virtual one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>
    /// Change detection or the result cache on the device (issue 14; the same gate <c>verge run</c>'s <c>app.stream</c>
    /// replays): a frame (the model's single input) the gate finds unchanged is answered with the last answer, with no
    /// call; null: every frame is computed.
    /// </summary>
    public IReuseGate? ReuseGate { get; init; }
    /// <summary>Noisy features on every tensor that leaves the device (<c>app.privacy.features</c>); null: tensors leave as computed.</summary>
    public CrossingNoise? Noise { get; init; }
    /// <summary>Token and trusted CA for the server (role admin when the agent loads <see cref="RemoteStage"/>).</summary>
    public Security.ClientSecurity Security { get; init; } = Verge.Net.Security.ClientSecurity.None;
}
