using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary><c>verge cuts MODEL</c>: every cut along the topological order, with the tensors that cross it.</summary>
internal static class CutsCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = CommonOptions.Model();
        var shape = CommonOptions.Shape();
        var json = CommonOptions.Json();
        var command = new Command("cuts", "List the cuts of a model: crossing tensors, bytes, MACs before and after");
        command.Arguments.Add(model);
        command.Options.Add(shape);
        command.Options.Add(json);
        var verify = new Option<bool>("--verify") { Description = "split at every cut and check head→tail reproduces the whole model's outputs" };
        command.Options.Add(verify);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var graph = CommonOptions.LoadModel(zoo, r, model, shape);
            var cuts = CutEnumerator.Enumerate(graph);
            var target = r.GetValue(json);
            var console = Ui.For(target);
            var differences = r.GetValue(verify) ? Verify(console, graph, cuts) : null;
            if (target != "-") Show(graph, cuts, differences);
            if (target is not null)
            {
                var doc = new
                {
                    Model = graph.Source,
                    Cuts = cuts.Select((c, i) => new
                    {
                        c.Id, c.Position, AfterNode = c.Position < 0 ? null : graph.Nodes[c.Position].Name, c.Tensors, c.Bytes, c.HeadMacs, c.TailMacs,
                        MaxRelativeDifference = differences?[i],
                    }),
                };
                JsonOutput.Write(doc, target);
            }
            if (differences is not null)
            {
                int bad = differences.Count(d => !(d <= VerifyTolerance));
                console.MarkupLine(bad == 0
                    ? $"[green]all {cuts.Count} cuts reproduce the whole model[/] (max relative difference {differences.Max():g3} ≤ {VerifyTolerance:g})"
                    : $"[red]{bad} of {cuts.Count} cuts differ from the whole model by more than {VerifyTolerance:g}[/]");
                if (bad > 0) return Task.FromResult(1);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private const double VerifyTolerance = 1e-4;

    private static List<double> Verify(IAnsiConsole console, ModelGraph graph, IReadOnlyList<Cut> cuts) =>
        Ui.WithProgress(console, $"verifying {cuts.Count} cuts", progress =>
        {
            using var verifier = new SplitVerifier(graph);
            var result = new List<double>(cuts.Count);
            foreach (var c in cuts)
            {
                result.Add(verifier.MaxRelativeDifference(c));
                progress.Report(result.Count / (double)cuts.Count);
            }
            return result;
        });

    private static void Show(ModelGraph graph, IReadOnlyList<Cut> cuts, IReadOnlyList<double>? differences)
    {
        var table = new Table().Title($"{Markup.Escape(graph.Source)}: {cuts.Count} cuts").Border(TableBorder.Simple);
        table.AddColumns("id", "after node", "crossing tensors", "bytes", "head MMACs", "tail MMACs");
        if (differences is not null) table.AddColumn("split vs whole");
        foreach (var c in cuts)
        {
            var row = new List<string>
            {
                c.Id.ToString(), Markup.Escape(c.Position < 0 ? "(input)" : graph.Nodes[c.Position].Name),
                Markup.Escape(c.TensorsText), c.Bytes.ToString("N0"), (c.HeadMacs / 1e6).ToString("N1"), (c.TailMacs / 1e6).ToString("N1"),
            };
            if (differences is not null) row.Add(differences[c.Id].ToString("g2"));
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
    }
}
