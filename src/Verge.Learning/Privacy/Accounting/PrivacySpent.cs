namespace Verge.Learning.Privacy.Accounting;

/// <summary>
/// An (ε, δ) guarantee read off Rényi DP: <see cref="Epsilon"/> by the conversion of Balle et al. (AISTATS 2020,
/// Prop. 12 of arXiv:2004.00010), the tighter one and the one to report; <see cref="EpsilonClassic"/> by Mironov's
/// (CSF 2017, Prop. 3). Each comes with the Rényi order that gave it.
/// </summary>
public sealed record PrivacySpent(double Epsilon, double Delta, double Order, double EpsilonClassic, double OrderClassic);
