namespace Verge.Results;

/// <summary>
/// One row of the repository: which command measured what, where, with which settings, and what it found.
/// <see cref="Settings"/>, <see cref="Metrics"/> and <see cref="Profile"/> are JSON text as the command wrote them;
/// <see cref="Uid"/> stays the same across export and import, so a bundle imported twice adds its rows once.
/// </summary>
public sealed record ResultRecord(
    string Uid,
    DateTimeOffset Time,
    string Command,
    string CommandLine,
    string Commit,
    SystemDescriptor System,
    ModelDescriptor? Model,
    string? Scenario,
    string Settings,
    string Metrics,
    string? Profile)
{
    /// <summary>The row's number in one store (0 before it is stored; not kept across export and import).</summary>
    public long Id { get; init; }
}
