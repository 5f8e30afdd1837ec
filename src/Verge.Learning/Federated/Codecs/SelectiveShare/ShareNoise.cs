namespace Verge.Learning.Federated.Codecs;

/// <summary>The noise selective sharing adds to each shared value.</summary>
public enum ShareNoise
{
    None,
    /// <summary>Laplace(0, b), the mechanism of Shokri and Shmatikov 2015.</summary>
    Laplace,
    /// <summary>N(0, s²).</summary>
    Gaussian,
}
