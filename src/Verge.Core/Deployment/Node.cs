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

    public double SpeedFor(string opType) => OpSpeeds.TryGetValue(opType, out var s) ? s : Speed;
}
