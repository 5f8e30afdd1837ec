using System.Globalization;

namespace Verge.Net.Tests.Serving.Observability;

/// <summary>A reader of Prometheus' text exposition format, enough for tests: one sample per line, comments skipped.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public static IReadOnlyList<PrometheusSample> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(ParseLine).ToList();

    private static PrometheusSample ParseLine(string line)
    {
        int space = line.LastIndexOf(' ');
        string series = line[..space], value = line[(space + 1)..];
        int brace = series.IndexOf('{');
        var labels = new Dictionary<string, string>();
        if (brace >= 0)
            foreach (var pair in series[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                labels[pair[..eq]] = pair[(eq + 2)..^1];
            }
        return new PrometheusSample(brace >= 0 ? series[..brace] : series, labels,
            value switch { "+Inf" => double.PositiveInfinity, "NaN" => double.NaN, _ => double.Parse(value, CultureInfo.InvariantCulture) });
    }
}
