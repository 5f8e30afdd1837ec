using Verge.Core.Errors;

namespace Verge.Learning.Privacy.DataNoise;

/// <summary>
/// Training-data obfuscation on the device (Zhang et al., "Privacy-preserving machine learning through data
/// obfuscation", 2018): every training image gets Gaussian noise of standard deviation <see cref="Scale"/> (pixels
/// lie in [0, 1]), clipped back to [0, 1]; with <see cref="Copies"/> &gt; 1 each image is kept as that many
/// independently noised copies (their augmentation). Labels are never changed.
/// </summary>
public sealed record DataNoiseOptions(double Scale, int Copies = 1, int Seed = 0)
{
    public bool IsOff => Scale == 0 && Copies == 1;

    public DataNoiseOptions Validate()
    {
        if (!(Scale >= 0) || double.IsInfinity(Scale))
            throw new UsageException($"--data-noise {Scale} must be 0 or a positive standard deviation (pixels lie in [0, 1], e.g. 0.25)") { Term = "--data-noise" };
        if (Copies < 1) throw new UsageException($"--data-noise-copies {Copies} must be at least 1") { Term = "--data-noise-copies" };
        return this;
    }
}
