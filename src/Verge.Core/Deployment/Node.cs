namespace Verge.Core.Deployment;

/// <summary>
/// A machine that can run stages. <see cref="Speed"/> is relative to the host where the model was profiled
/// (0.15 = 6.7× slower, 3 = 3× faster); <see cref="OpSpeeds"/> overrides it per ONNX op type (an accelerator that
/// is fast at Conv but not at Softmax).
/// </summary>
public sealed record Node(string Name, Tier Tier, double Speed, IReadOnlyDictionary<string, double> OpSpeeds, PowerModel Power)
{
    public Node(string name, Tier tier, double speed = 1.0, PowerModel? power = null)
        : this(name, tier, speed, new Dictionary<string, double>(StringComparer.Ordinal), power ?? PowerModel.None)
    {
    }

    /// <summary>
    /// A device-tier node that lends its compute to the device (input-wise tiles, DeepThings); not where inputs
    /// arrive. Spec: <c>helper: true</c>.
    /// </summary>
    public bool Helper { get; init; }

    /// <summary>The ONNX Runtime execution provider the node's stages run on ("cpu", "cuda"; spec key <c>ep</c>).</summary>
    public string Ep { get; init; } = "cpu";

    /// <summary>
    /// Where the node's per-layer times come from instead of <see cref="Speed"/>: "results:SYSTEM", a profile kept
    /// in the results store (spec key <c>profile</c>); the front end resolves it into speeds before planning.
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>
    /// Per graph node (layer) speeds, from a stored per-layer profile of this very model on the node's system
    /// (<c>profile: results:SYSTEM</c>); they take precedence over <see cref="OpSpeeds"/> and <see cref="Speed"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> LayerSpeeds { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    public double SpeedFor(string opType) => OpSpeeds.TryGetValue(opType, out var s) ? s : Speed;

    /// <summary>The speed of graph node <paramref name="layer"/> (of type <paramref name="opType"/>) here.</summary>
    public double SpeedFor(string layer, string opType) => LayerSpeeds.TryGetValue(layer, out var s) ? s : SpeedFor(opType);
}
