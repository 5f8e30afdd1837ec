namespace Verge.Bench.Fuzz;

/// <summary>What to fuzz: categories, inputs per category, the seed, workers in parallel, the per-input timeout and where findings go.</summary>
public sealed record FuzzOptions(IReadOnlyList<string> Categories, int Count, int Seed = 1)
{
    public int Workers { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Startup { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Folder for the inputs that crashed, hung or hit an internal error (null: not saved).</summary>
    public string? Findings { get; init; }
    /// <summary>Log every case with its time, not only the bad ones.</summary>
    public bool Verbose { get; init; }
}
