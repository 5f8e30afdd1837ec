using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Demo;
using Verge.Cli.Output;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge demo`: a guided tour on real parts — profile the pretrained ResNet-18 with ONNX Runtime node by node, plan it
/// for three networks, run a plan device → edge over gRPC with measured latency next to predicted, and evaluate a
/// model Verge trained itself, train it in place with federated averaging and with DP-SGD (privacy spent printed), and serve it to many devices from one
/// edge server (batching off and on, with the live dashboard).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var output = new Option<string>("--out") { Description = "folder for the demo's plots and JSON", DefaultValueFactory = _ => "out/demo" };
        var runs = new Option<int>("--runs") { Description = "timed runs per measurement", DefaultValueFactory = _ => 10 };
        var command = new Command("demo", "A tour: profile ResNet-18, plan it for 3G/LTE/Wi-Fi, run a plan over gRPC, evaluate and train on devices, serve many devices") { output, runs };
        command.SetAction(async (result, ct) =>
        {
            var dir = result.GetValue(output)!;
            Directory.CreateDirectory(dir);
            var console = AnsiConsole.Console;

            console.Write(new Rule("[bold]1. Profile: where does ResNet-18 spend its time?[/]").LeftJustified());
            var graph = zoo.Load("zoo:resnet18");
            console.MarkupLine($"zoo:resnet18: {graph.Nodes.Count} nodes, {Ui.Count(graph.ParamsTotal)} parameters, {Ui.Count(graph.MacsTotal)} MACs, " +
                               $"input {graph.Inputs[0].ShapeText}");
            var profile = ProfileCommand.Run(console, graph, new ProfileOptions { Runs = Options.CommonOptions.Positive(result.GetValue(runs), "--runs") });
            ProfileCommand.Render(console, profile);
            var plot = Path.Combine(dir, "resnet18-profile.png");
            ProfilePlot.Save(profile, plot);
            JsonOutput.Write(ProfileReport.From(profile), Path.Combine(dir, "resnet18-profile.json"));
            console.MarkupLine($"plot: [bold]{Markup.Escape(plot)}[/]  (latency bars vs output size per layer)");

            await PartitionDemo.RunAsync(console, graph, profile, dir, ct);

            console.Write(new Rule("[bold]4. Learn: a model Verge trained itself, served by ONNX Runtime[/]").LeftJustified());
            await LearningDemo.RunAsync(zoo, ct);

            console.Write(new Rule("[bold]5. Train in place: federated averaging over gRPC, and DP-SGD with its privacy spent[/]").LeftJustified());
            await FederatedDemo.RunAsync(ct);
            await PrivacyDemo.RunAsync(ct);

            console.Write(new Rule("[bold]6. Serve: one edge server, many devices, batching off and on[/]").LeftJustified());
            await ServingDemo.RunAsync(zoo, dir, ct);
            console.MarkupLine($"outputs: [bold]{Markup.Escape(dir)}/[/]");
            return 0;
        });
        return command;
    }
}
