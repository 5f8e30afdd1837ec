namespace Verge.Inference.Tests.Support;

/// <summary>
/// The old name for running `verge` to its end, kept only so that test branches written against it this session
/// still build; new tests call <see cref="ChildProcess.RunVerge"/> (tests/Verge.TestSupport).
/// </summary>
internal static class VergeProcess
{
    public static ChildResult Run(params string[] args) => ChildProcess.RunVerge(args);

    public static ChildResult RunIn(string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        ChildProcess.RunVergeIn(workingDirectory, environment, args);
}
