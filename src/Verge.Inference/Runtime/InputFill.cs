namespace Verge.Inference.Runtime;

/// <summary>How synthetic model inputs are filled.</summary>
public enum InputFill
{
    Zeros,
    /// <summary>Seeded uniform values in [0, 1) for floating-point inputs; zeros for integer inputs.</summary>
    Random,
}
