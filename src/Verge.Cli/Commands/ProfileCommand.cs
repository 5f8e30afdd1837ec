using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary>`verge profile MODEL`: per-node median latency from ONNX Runtime's profiler, next to output sizes.</summary>
internal static class ProfileCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var shape = CommonOptions.Shape();
        var threads = CommonOptions.Threads();
        var runs = new Option<int>("--runs") { Description = "timed runs after warm-up; medians are reported", DefaultValueFactory = _ => 10 };
        var plot = new Option<string?>("--plot") { Description = "write a PNG of latency and output size per layer", HelpName = "FILE.png" };
        var ep = ProviderOption.Create();
        var command = new Command("profile", "Measure each node's latency with ONNX Runtime's profiler") { model, runs, threads, ep, json, plot, shape };
        command.SetAction(result =>
        {
            var jsonPath = result.GetValue(json);
            var options = new ProfileOptions
            {
                Runs = CommonOptions.Positive(result.GetValue(runs), "--runs"),
                Threads = CommonOptions.Positive(result.GetValue(threads), "--threads"),
                Provider = result.GetValue(ep)!,
            };
            var plotPath = result.GetValue(plot);
            if (plotPath is not null && !plotPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new Core.Errors.UsageException($"--plot '{plotPath}' must name a .png file");

            var console = Ui.For(jsonPath);
            var graph = CommonOptions.LoadModel(zoo, result, model, shape);
            var profile = Run(console, graph, options);
            Recording.RunCapture.NoteProfile(profile);
            if (!JsonOutput.ToStdout(jsonPath))
                Render(console, profile);
            if (plotPath is not null)
            {
                ProfilePlot.Save(profile, plotPath);
                console.MarkupLine($"plot: [bold]{Markup.Escape(plotPath)}[/]");
            }
            JsonOutput.Write(ProfileReport.From(profile), jsonPath);
            return 0;
        });
        return command;
    }

    public static ModelProfile Run(IAnsiConsole console, ModelGraph graph, ProfileOptions options) =>
        Ui.WithProgress(console, $"profiling {graph.Source}", p => new LayerProfiler(options).Profile(graph, p));

    public static void Render(IAnsiConsole console, ModelProfile profile)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(profile.Model)}[/]  median of {profile.Runs} runs, {profile.Threads} threads")
            .AddColumn("node").AddColumn("op").AddColumn("ms", c => c.RightAligned())
            .AddColumn("cumulative ms", c => c.RightAligned()).AddColumn("output", c => c.RightAligned());
        double cumulative = 0;
        foreach (var n in profile.Nodes)
        {
            cumulative += n.Ms;
            table.AddRow(Markup.Escape(n.Name), n.OpType, $"{n.Ms:0.000}", $"{cumulative:0.00}", Ui.Bytes(n.OutputBytes));
        }
        console.Write(table);
        console.MarkupLine($"sum of nodes [bold]{profile.SumNodeMs:0.00} ms[/], whole model [bold]{profile.WholeMs:0.00} ms[/] " +
                           $"(graph optimisations off, as attributed); with ONNX Runtime's full optimisations [bold]{profile.OptimizedMs:0.00} ms[/]");
    }
}
