namespace Verge.Bench.Fuzz;

/// <summary>Outcome counts of one category, and the cases that were not a clean error or a success.</summary>
public sealed class CategoryTally(string category)
{
    private readonly int[] _counts = new int[Enum.GetValues<Outcome>().Length];
    private readonly List<(FuzzCase Case, CaseResult Result)> _findings = [];

    public string Category { get; } = category;
    public TimeSpan Elapsed { get; set; }
    public int this[Outcome o] => _counts[(int)o];
    public int Total => _counts.Sum();
    public IReadOnlyList<(FuzzCase Case, CaseResult Result)> Findings => _findings;
    /// <summary>Crashes, hangs and internal errors: what the acceptance asks to be zero.</summary>
    public int Bad => this[Outcome.Crash] + this[Outcome.Hang] + this[Outcome.InternalError];

    public void Add(FuzzCase c, CaseResult r)
    {
        lock (_findings)
        {
            _counts[(int)r.Outcome]++;
            if (r.Outcome is Outcome.Crash or Outcome.Hang or Outcome.InternalError) _findings.Add((c, r));
        }
    }
}
