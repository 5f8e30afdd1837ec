namespace Verge.Bench.Fuzz;

/// <summary>The outcome of one case, with the one line that explains it (the error line, the status, the exit code).</summary>
public sealed record CaseResult(int Index, Outcome Outcome, string Target, string Detail)
{
    private const string Prefix = "@@fuzz\t";

    /// <summary>A worker's answer as one protocol line (tabs and newlines in the detail flattened).</summary>
    public string ToLine() => $"{Prefix}{Index}\t{Outcome}\t{Target}\t{Flat(Detail)}";

    public static CaseResult? Parse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var parts = line[Prefix.Length..].Split('\t', 4);
        if (parts.Length < 4 || !int.TryParse(parts[0], out var index) || !Enum.TryParse<Outcome>(parts[1], out var outcome)) return null;
        return new CaseResult(index, outcome, parts[2], parts[3]);
    }

    private static string Flat(string s)
    {
        var one = s.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
        return one.Length > 400 ? one[..400] + "…" : one;
    }
}
