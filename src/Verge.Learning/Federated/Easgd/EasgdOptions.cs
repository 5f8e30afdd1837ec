namespace Verge.Learning.Federated.Easgd;

/// <summary>Elastic averaging: the elastic coefficient α and the τ local steps between communications.</summary>
public sealed record EasgdOptions(FitConfig Fit, float Alpha = 0.09f);
