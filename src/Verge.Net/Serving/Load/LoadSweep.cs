using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Net.Serving.Load;

/// <summary>
/// `verge load --sweep AXIS=V1,V2,…`: one load run per value of concurrency (closed loop) or rate (open loop), the
/// rest of the options the same — perf_analyzer's concurrency and request-rate ranges, written as a list.
/// </summary>
public sealed record LoadSweep(LoadSweepAxis Axis, IReadOnlyList<double> Values)
{
    public const string Syntax = "concurrency=1,2,4,… or rate=50,100,…";

    /// <summary>The axis' name as written on the command line and used as the JSON key of each point.</summary>
    public string AxisName => Axis == LoadSweepAxis.Concurrency ? "concurrency" : "rate";

    /// <summary>Parses "concurrency=1,2,4,8" or "rate=50,100.5,200".</summary>
    public static LoadSweep Parse(string text)
    {
        int eq = text.IndexOf('=');
        var name = eq < 0 ? text.Trim() : text[..eq].Trim();
        var axis = name.ToLowerInvariant() switch
        {
            "concurrency" => LoadSweepAxis.Concurrency,
            "rate" => LoadSweepAxis.Rate,
            _ => throw new UsageException($"--sweep '{text}' sweeps neither concurrency nor rate; write --sweep {Syntax}"),
        };
        var items = eq < 0 ? [] : text[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
            throw new UsageException($"--sweep '{text}' lists no values; write --sweep {Syntax}");
        var values = new List<double>();
        foreach (var item in items)
        {
            bool ok = axis == LoadSweepAxis.Concurrency
                ? int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int c) && c >= 1 && Add(c)
                : double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r > 0 && double.IsFinite(r) && Add(r);
            if (!ok)
                throw new UsageException(axis == LoadSweepAxis.Concurrency
                    ? $"--sweep concurrency value '{item}' is not a whole number of clients ≥ 1; write e.g. --sweep concurrency=1,2,4,8"
                    : $"--sweep rate value '{item}' is not a positive number of requests per second; write e.g. --sweep rate=50,100,200");
        }
        return new LoadSweep(axis, values);

        bool Add(double v)
        {
            values.Add(v);
            return true;
        }
    }

    /// <summary>The options of the point at <paramref name="value"/>: <paramref name="baseline"/> with the axis set to it.</summary>
    public LoadOptions At(LoadOptions baseline, double value) => Axis == LoadSweepAxis.Concurrency
        ? baseline with { Concurrency = (int)value, Rate = null }
        : baseline with { Rate = value };

    /// <summary>Runs the points one after another, telling <paramref name="onPoint"/> each as it ends.</summary>
    public async Task<IReadOnlyList<LoadPoint>> RunAsync(LoadOptions baseline, Action<LoadPoint>? onPoint = null, CancellationToken ct = default)
    {
        var points = new List<LoadPoint>();
        foreach (var value in Values)
        {
            var point = new LoadPoint(value, await LoadGenerator.RunAsync(At(baseline, value), ct));
            points.Add(point);
            onPoint?.Invoke(point);
        }
        return points;
    }
}
