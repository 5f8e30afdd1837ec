namespace Verge.Results.Tests;

/// <summary>
/// Tests that run verge commands inside the test process share one console (Spectre's live displays refuse to
/// overlap, and Console.SetError is process-wide), so they run one at a time, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessCli
{
    public const string Name = "in-process CLI";
}
