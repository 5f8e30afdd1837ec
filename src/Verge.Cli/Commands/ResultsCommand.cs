using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Cli.Recording;
using Verge.Core.Errors;
using Verge.Results;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge results</c>: the benchmark repository every measuring command appends to — list, show, compare two
/// systems or commits, plot a metric, and move bundles between machines (export, import).
/// </summary>
internal static class ResultsCommand
{
    public static Command Create()
    {
        var command = new Command("results", "The benchmark repository: list, show, compare, plot, export and import recorded results");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Compare());
        command.Subcommands.Add(Plot());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command List()
    {
        var filters = new ResultsFilters();
        var last = new Option<int?>("--last") { Description = "only the latest N records", HelpName = "N" };
        var db = ResultsRecording.DbOption();
        var json = CommonOptions.Json();
        var command = new Command("list", "One line per recorded result, oldest first") { last, db, json };
        filters.AddTo(command);
        command.SetAction(r =>
        {
            using var store = Open(r, db);
            var rows = store.Query(filters.Read(r), r.GetValue(last));
            var jsonPath = r.GetValue(json);
            if (!JsonOutput.ToStdout(jsonPath)) ResultsView.RenderList(Ui.For(jsonPath), store.Path, rows);
            JsonOutput.Write(rows, jsonPath);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<long>("id") { Description = "the record's number (see 'verge results list')" };
        var db = ResultsRecording.DbOption();
        var json = CommonOptions.Json();
        var command = new Command("show", "Everything one record holds") { id, db, json };
        command.SetAction(r =>
        {
            using var store = Open(r, db);
            var record = store.Get(r.GetValue(id))
                ?? throw new InputException($"results store '{store.Path}' has no record {r.GetValue(id)}; see 'verge results list'");
            var jsonPath = r.GetValue(json);
            if (!JsonOutput.ToStdout(jsonPath)) ResultsView.RenderRecord(Ui.For(jsonPath), record);
            JsonOutput.Write(record, jsonPath);
            return 0;
        });
        return command;
    }

    private static Command Compare()
    {
        var a = new Argument<string>("a") { Description = "first system (or commit, with --by commit)" };
        var b = new Argument<string>("b") { Description = "second system (or commit)" };
        var by = new Option<string>("--by") { Description = "what a and b name: system or commit", DefaultValueFactory = _ => "system" };
        CommonOptions.OneOf(by, "system", "commit");
        var db = ResultsRecording.DbOption();
        var json = CommonOptions.Json();
        var command = new Command("compare", "Two systems (or two commits) side by side, metric by metric") { a, b, by, db, json };
        command.SetAction(r =>
        {
            using var store = Open(r, db);
            var column = r.GetValue(by) == "commit" ? "commit_id" : "system_name";
            string left = r.GetValue(a)!, right = r.GetValue(b)!;
            var rows = ResultsComparison.Compare(store, column, left, right);
            if (rows.Count == 0)
                throw new InputException($"results store '{store.Path}' has no command measured on both {r.GetValue(by)} '{left}' and '{right}'; see 'verge results list'");
            var jsonPath = r.GetValue(json);
            if (!JsonOutput.ToStdout(jsonPath)) ResultsView.RenderComparison(Ui.For(jsonPath), left, right, rows);
            JsonOutput.Write(new { A = left, B = right, By = r.GetValue(by), Rows = rows }, jsonPath);
            return 0;
        });
        return command;
    }

    private static Command Plot()
    {
        var metric = new Argument<string>("metric") { Description = "a metric path as 'verge results show' lists it, e.g. p90_ms" };
        var output = new Option<string>("--plot") { Description = "PNG to write", DefaultValueFactory = _ => "results.png", HelpName = "FILE.png" };
        var filters = new ResultsFilters();
        var db = ResultsRecording.DbOption();
        var command = new Command("plot", "A metric across systems (latest record of each system and provider), as a bar chart") { metric, output, db };
        filters.AddTo(command);
        command.SetAction(r =>
        {
            using var store = Open(r, db);
            var name = r.GetValue(metric)!;
            var bars = store.Query(filters.Read(r))
                .GroupBy(x => $"{x.System.Name} ({x.System.Provider})")
                .Select(g => (Label: g.Key, Value: MetricPaths.Numbers(g.Last().Metrics).TryGetValue(name, out var v) ? v : (double?)null))
                .Where(x => x.Value is not null).Select(x => (x.Label, x.Value!.Value)).ToList();
            if (bars.Count == 0)
                throw new InputException($"no record in '{store.Path}' has a metric '{name}'; see 'verge results show ID' for the names");
            ResultsPlot.Save(name, bars, r.GetValue(output)!);
            AnsiConsole.MarkupLine($"wrote [bold]{Markup.Escape(r.GetValue(output)!)}[/] ({bars.Count} systems)");
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "bundle to write: FILE.json, or FILE.db for a SQLite store" };
        var filters = new ResultsFilters();
        var db = ResultsRecording.DbOption();
        var command = new Command("export", "Write records to a bundle another machine can import") { file, db };
        filters.AddTo(command);
        command.SetAction(r =>
        {
            using var store = Open(r, db);
            var rows = store.Query(filters.Read(r));
            ResultsBundle.Write(rows, r.GetValue(file)!);
            AnsiConsole.MarkupLine($"exported [bold]{rows.Count}[/] records to {Markup.Escape(r.GetValue(file)!)}");
            return 0;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "a bundle 'verge results export' wrote (.json or .db)" };
        var db = ResultsRecording.DbOption();
        var command = new Command("import", "Add a bundle's records to the store (records already there are skipped)") { file, db };
        command.SetAction(r =>
        {
            var rows = ResultsBundle.Read(r.GetValue(file)!);
            using var store = Open(r, db);
            int added = store.AppendAll(rows);
            AnsiConsole.MarkupLine($"imported [bold]{added}[/] of {rows.Count} records into {Markup.Escape(store.Path)}");
            return 0;
        });
        return command;
    }

    private static ResultsStore Open(ParseResult r, Option<string?> db) => ResultsStore.Open(ResultsLocation.Resolve(r.GetValue(db)));
}
