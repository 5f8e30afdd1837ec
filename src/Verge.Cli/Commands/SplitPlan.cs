namespace Verge.Cli.Commands;

/// <summary>The plan.json of `verge split`: stage files in execution order, with tensor names of the original model.</summary>
internal sealed record SplitPlan(string Model, IReadOnlyList<SplitPlan.Stage> Stages)
{
    public sealed record Stage(string File, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
}
