using Verge.Core.Deployment;

namespace Verge.Core.Spec;

/// <summary>
/// The application part of a spec: which model (<c>zoo:NAME</c> or a path), fed with what (<c>random</c>,
/// <c>zeros</c>, <c>fashion-mnist:test</c>), optimised for what, under which latency SLO, with which wire codec.
/// Optional: model <see cref="Variants"/> to choose from with a <see cref="SloMinAccuracy"/>, and
/// <see cref="Exits"/> for a model with early exits run across tiers.
/// </summary>
public sealed record AppSpec(string Model, string Input, Objective Objective, double? SloLatencyMs, WireCodec Codec)
{
    /// <summary>Model variants (<c>app.variants</c>) the planner chooses among; empty: only <see cref="Model"/>.</summary>
    public IReadOnlyList<VariantSpec> Variants { get; init; } = [];

    /// <summary>The least accuracy a chosen variant must have (<c>app.slo.min_accuracy</c>, 0..1).</summary>
    public double? SloMinAccuracy { get; init; }

    /// <summary>Early exits across tiers (<c>app.exits</c>); null: the model runs as one.</summary>
    public ExitsSpec? Exits { get; init; }

    /// <summary>Noisy features on what leaves the device (<c>app.privacy.features</c>); null: features travel as computed.</summary>
    public FeaturePrivacySpec? FeaturePrivacy { get; init; }

    /// <summary>A generated camera stream with a reuse gate on the device (<c>app.stream</c>); null: plain frames.</summary>
    public StreamSpec? Stream { get; init; }

    /// <summary>The input declared a camera's 8-bit image (<c>app.input_format</c>); null: float input.</summary>
    public U8InputSpec? U8Input { get; init; }

    /// <summary>Where the device is served from as it moves (<c>app.moves</c>); empty: the first edge node throughout.</summary>
    public IReadOnlyList<MoveSpec> Moves { get; init; } = [];
}
