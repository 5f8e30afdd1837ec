using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Inference.Compression.Int8;

/// <summary>Seeded uniform [0, 1) inputs: calibration for models without data at hand (ranges are only indicative).</summary>
public sealed class RandomCalibrationSource(int count, int seed = 1) : ICalibrationSource
{
    /// <summary>Held-out samples start this far from the calibration seed, so the two never share a sample.</summary>
    private const int HeldOutSeedOffset = 1_000_003;

    public int Count { get; } = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "at least one sample");

    public int Seed { get; } = seed;

    public string Spec => $"random:{Count}";

    public IEnumerable<ModelInputs> Feeds(IReadOnlyList<TensorInfo> inputs)
    {
        Int8Quantizer.RequireFloatInputs(inputs, "random calibration");
        for (int i = 0; i < Count; i++)
            yield return ModelInputs.Create(inputs, InputFill.Random, Seed + i);
    }

    public ICalibrationSource HeldOut(int count) => new RandomCalibrationSource(count, Seed + HeldOutSeedOffset);
}
