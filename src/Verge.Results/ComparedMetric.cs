namespace Verge.Results;

/// <summary>One metric of one (command, model, scenario) measured on side A and side B.</summary>
public sealed record ComparedMetric(string Command, string? Model, string? Scenario, string Metric, double? A, double? B)
{
    /// <summary>B ÷ A, where both exist and A is not 0.</summary>
    public double? Ratio => A is { } a && B is { } b && a != 0 ? b / a : null;
}
