using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;

namespace Verge.Cli.Commands;

/// <summary><c>verge cuts MODEL</c>: every cut along the topological order, with the tensors that cross it.</summary>
internal static class CutsCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "ONNX file or zoo:NAME" };
        var shape = new Option<string[]>("--shape") { Description = "fix an input's shape: name=1x3x224x224 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var json = new Option<string?>("--json") { Description = "also write JSON to FILE ('-' = stdout only)" };
        var command = new Command("cuts", "List the cuts of a model: crossing tensors, bytes, MACs before and after");
        command.Arguments.Add(model);
        command.Options.Add(shape);
        command.Options.Add(json);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var graph = ModelGraph.Load(r.GetValue(model)!, ParseShapes(r.GetValue(shape) ?? []));
            var cuts = CutEnumerator.Enumerate(graph);
            var target = r.GetValue(json);
            if (target != "-") Show(graph, cuts);
            if (target is not null)
            {
                var doc = new
                {
                    Model = graph.Source,
                    Cuts = cuts.Select(c => new { c.Id, c.Position, AfterNode = c.Position < 0 ? null : graph.Nodes[c.Position].Name, c.Tensors, c.Bytes, c.HeadMacs, c.TailMacs }),
                };
                PlanningJson.Write(target, doc);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    internal static Dictionary<string, long[]> ParseShapes(IEnumerable<string> specs)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var s in specs)
        {
            var eq = s.LastIndexOf('=');
            var dims = eq > 0 ? s[(eq + 1)..].Split('x', '×', ',') : [];
            if (eq <= 0 || dims.Length == 0 || !dims.All(d => long.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0))
                throw new UsageException($"--shape '{s}' is not NAME=AxBxC with positive sizes, e.g. --shape input=1x3x224x224");
            shapes[s[..eq]] = dims.Select(long.Parse).ToArray();
        }
        return shapes;
    }

    private static void Show(ModelGraph graph, IReadOnlyList<Cut> cuts)
    {
        var table = new Table().Title($"{Markup.Escape(graph.Source)}: {cuts.Count} cuts").Border(TableBorder.Simple);
        table.AddColumns("id", "after node", "crossing tensors", "bytes", "head MMACs", "tail MMACs");
        foreach (var c in cuts)
            table.AddRow(c.Id.ToString(), Markup.Escape(c.Position < 0 ? "(input)" : graph.Nodes[c.Position].Name),
                Markup.Escape(c.TensorsText), c.Bytes.ToString("N0"), (c.HeadMacs / 1e6).ToString("N1"), (c.TailMacs / 1e6).ToString("N1"));
        AnsiConsole.Write(table);
    }
}
