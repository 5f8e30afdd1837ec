using System.CommandLine;
using Google.Protobuf;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Extraction;
using Verge.Inference.Zoo;
using Verge.Core.Files;

namespace Verge.Cli.Commands;

/// <summary>`verge split MODEL --cut T1[,T2…] [--cut …] --out DIR`: standalone stage models plus plan.json.</summary>
internal static class SplitCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = CommonOptions.Model();
        var shape = CommonOptions.Shape();
        var cut = new Option<string[]>("--cut")
        {
            Description = "tensors crossing one cut, comma-separated (repeat for more cuts; see 'verge cuts')",
            HelpName = "T1[,T2…]",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "folder for stage_N.onnx files and plan.json", Required = true, HelpName = "DIR" };
        var command = new Command("split", "Split a model at cuts into stage models whose chained outputs equal the whole model's") { model, cut, output, shape };
        command.SetAction(result =>
        {
            var cuts = result.GetValue(cut)!.Select(c => (IReadOnlyList<string>)c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (cuts.Any(c => c.Count == 0))
                throw new UsageException("--cut needs at least one tensor name; list them with 'verge cuts MODEL'");
            var dir = result.GetValue(output)!;
            var graph = CommonOptions.LoadModel(zoo, result, model, shape);
            var stages = SubmodelExtractor.Split(graph, cuts);
            var plan = Write(graph.Source, stages, dir);

            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(graph.Source)}[/] in {stages.Count} stages")
                .AddColumn("file").AddColumn("nodes", c => c.RightAligned()).AddColumn("inputs").AddColumn("outputs");
            for (int i = 0; i < stages.Count; i++)
                table.AddRow(plan.Stages[i].File, stages[i].NodeNames.Count.ToString(),
                    Markup.Escape(string.Join(", ", stages[i].Inputs)), Markup.Escape(string.Join(", ", stages[i].Outputs)));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"plan: [bold]{Markup.Escape(Path.Combine(dir, "plan.json"))}[/]");
            return 0;
        });
        return command;
    }

    /// <summary>Writes stage_1.onnx … and plan.json; returns the plan as written.</summary>
    public static SplitPlan Write(string model, IReadOnlyList<ExtractedStage> stages, string dir)
    {
        AtomicFile.CheckWritableFolder(dir, "stages to");
        var entries = new List<SplitPlan.Stage>();
        for (int i = 0; i < stages.Count; i++)
        {
            var file = $"stage_{i + 1}.onnx";
            AtomicFile.WriteAllBytes(Path.Combine(dir, file), stages[i].Model.ToByteArray(), "stage");
            entries.Add(new SplitPlan.Stage(file, stages[i].Inputs, stages[i].Outputs));
        }
        var plan = new SplitPlan(model, entries);
        JsonOutput.Write(plan, Path.Combine(dir, "plan.json"));
        return plan;
    }
}
