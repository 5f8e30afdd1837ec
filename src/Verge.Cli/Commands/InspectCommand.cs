using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Inference.Graph;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary>`verge inspect MODEL`: the graph node by node — shapes, bytes, parameters, MACs.</summary>
internal static class InspectCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var shape = CommonOptions.Shape();
        var command = new Command("inspect", "Show a model's nodes: op, output shape and bytes, parameters, MACs") { model, json, shape };
        command.SetAction(result =>
        {
            var jsonPath = result.GetValue(json);
            var graph = CommonOptions.LoadModel(zoo, result, model, shape);
            var report = InspectReport.From(graph);
            if (!JsonOutput.ToStdout(jsonPath))
                Render(Ui.For(jsonPath), graph);
            JsonOutput.Write(report, jsonPath);
            return 0;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, ModelGraph graph)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(graph.Source)}[/]  opset {graph.OpsetVersion}, {graph.Nodes.Count} nodes")
            .AddColumn("#", c => c.RightAligned()).AddColumn("node").AddColumn("op").AddColumn("output shape")
            .AddColumn("output", c => c.RightAligned()).AddColumn("params", c => c.RightAligned()).AddColumn("MACs", c => c.RightAligned());
        foreach (var n in graph.Nodes)
        {
            var shapes = string.Join(", ", n.Outputs.Where(o => o.Length > 0)
                .Select(o => graph.Tensors.TryGetValue(o, out var t) ? t.ShapeText : "?"));
            table.AddRow(n.Index.ToString(), Markup.Escape(n.Name), n.OpType, shapes, Ui.Bytes(n.OutputBytes),
                n.Params == 0 ? "" : Ui.Count(n.Params), n.Macs == 0 ? "" : Ui.Count(n.Macs));
        }
        table.AddEmptyRow();
        table.AddRow("", "[bold]total[/]", "", "", "", $"[bold]{Ui.Count(graph.ParamsTotal)}[/]", $"[bold]{Ui.Count(graph.MacsTotal)}[/]");
        console.Write(table);
        foreach (var i in graph.Inputs)
            console.MarkupLine($"input  [bold]{Markup.Escape(i.Name)}[/] {i.TypeName} {i.ShapeText} ({Ui.Bytes(i.Bytes)})");
        foreach (var o in graph.Outputs)
            console.MarkupLine($"output [bold]{Markup.Escape(o.Name)}[/] {o.TypeName} {o.ShapeText} ({Ui.Bytes(o.Bytes)})");
    }
}
