using Verge.Core.Spec;
using Verge.Inference.Serving.Streams;
using Verge.Learning.Data.Streams;

namespace Verge.Net.Running.Streams;

/// <summary>A spec's stream ready to run: its frames, the gate's threshold (given or calibrated), a factory for the
/// device agent's gate, and the replay of that gate over the whole model's answers to hold the live run against.</summary>
public sealed record StreamGateSetup(StreamSpec Spec, FrameStream Stream, double Threshold, bool Calibrated, Func<IReuseGate> Gate, ReuseOutcome Replay);
