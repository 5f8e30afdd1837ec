namespace Verge.Results;

/// <summary>
/// Two systems (or two commits) side by side: for every (command, model, scenario) measured on both, the
/// latest record of each side, metric by metric.
/// </summary>
public static class ResultsComparison
{
    /// <summary><paramref name="column"/> is "system_name" or "commit_id".</summary>
    public static IReadOnlyList<ComparedMetric> Compare(ResultsStore store, string column, string a, string b)
    {
        var left = Latest(store.Query(new Dictionary<string, string> { [column] = a }));
        var right = Latest(store.Query(new Dictionary<string, string> { [column] = b }));
        var rows = new List<ComparedMetric>();
        foreach (var (key, ra) in left)
        {
            if (!right.TryGetValue(key, out var rb)) continue;
            var ma = MetricPaths.Numbers(ra.Metrics);
            var mb = MetricPaths.Numbers(rb.Metrics);
            foreach (var metric in ma.Keys.Union(mb.Keys).Order(StringComparer.Ordinal))
                rows.Add(new ComparedMetric(key.Command, key.Model, key.Scenario, metric,
                    ma.TryGetValue(metric, out var x) ? x : null, mb.TryGetValue(metric, out var y) ? y : null));
        }
        return rows;
    }

    private static Dictionary<(string Command, string? Model, string? Scenario), ResultRecord> Latest(IEnumerable<ResultRecord> records)
    {
        var latest = new Dictionary<(string, string?, string?), ResultRecord>();
        foreach (var r in records) latest[(r.Command, r.Model?.Name, r.Scenario)] = r; // oldest first: the last one wins
        return latest;
    }
}
