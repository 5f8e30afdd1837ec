using System.Globalization;
using Spectre.Console;
using Verge.Results;

namespace Verge.Cli.Output;

/// <summary>Tables of `verge results`: the list, one record, a comparison.</summary>
public static class ResultsView
{
    public static void RenderList(IAnsiConsole console, string path, IReadOnlyList<ResultRecord> rows)
    {
        if (rows.Count == 0)
        {
            console.MarkupLine($"no records in {Markup.Escape(path)}");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(path))
            .AddColumns("id", "time (UTC)", "command", "model", "scenario", "system", "provider", "commit");
        foreach (var r in rows)
            table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(r.Command), Markup.Escape(r.Model?.Name ?? "-"), Markup.Escape(r.Scenario ?? "-"), Markup.Escape(r.System.Name),
                r.System.Provider, Markup.Escape(r.Commit.Length > 10 ? r.Commit[..10] : r.Commit));
        console.Write(table);
    }

    public static void RenderRecord(IAnsiConsole console, ResultRecord r)
    {
        var s = r.System;
        var table = new Table().Border(TableBorder.Rounded).Title($"record {r.Id}").AddColumns("field", "value");
        void Row(string field, string? value) => table.AddRow(field, Markup.Escape(value ?? "-"));
        Row("time", r.Time.ToString("O", CultureInfo.InvariantCulture));
        Row("command line", r.CommandLine);
        Row("commit", r.Commit);
        Row("system", $"{s.Name}: {s.Cpu}, {s.Cores} cores, {Ui.Bytes(s.MemoryBytes)}, {s.Os}");
        Row("runtime", $"{s.Dotnet}, ONNX Runtime {s.OnnxRuntime}, provider {s.Provider}");
        Row("model", r.Model is { } m ? $"{m.Name} sha256 {m.Sha256 ?? "-"} MACs {m.Macs?.ToString(CultureInfo.InvariantCulture) ?? "-"} params {m.Parameters?.ToString(CultureInfo.InvariantCulture) ?? "-"}" : null);
        Row("scenario", r.Scenario);
        Row("per-layer profile", r.Profile is null ? "no" : "yes");
        foreach (var (metric, value) in MetricPaths.Numbers(r.Metrics))
            Row(metric, value.ToString("G6", CultureInfo.InvariantCulture));
        console.Write(table);
    }

    public static void RenderComparison(IAnsiConsole console, string a, string b, IReadOnlyList<ComparedMetric> rows)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("command", "model", "scenario", "metric", Markup.Escape(a), Markup.Escape(b), $"{Markup.Escape(b)} ÷ {Markup.Escape(a)}");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Command), Markup.Escape(r.Model ?? "-"), Markup.Escape(r.Scenario ?? "-"), Markup.Escape(r.Metric),
                Number(r.A), Number(r.B), r.Ratio is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-");
        console.Write(table);
    }

    private static string Number(double? x) => x?.ToString("G6", CultureInfo.InvariantCulture) ?? "-";
}
