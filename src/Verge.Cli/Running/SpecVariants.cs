using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Spec;
using Verge.Inference.Planning;
using Verge.Inference.Planning.ModelSelection;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Cli.Running;

/// <summary>The spec's model variants, loaded and profiled, with accuracy as given or measured on Fashion-MNIST test images.</summary>
internal static class SpecVariants
{
    /// <summary>Test images used to measure a variant's accuracy when the spec gives none.</summary>
    public const int AccuracySamples = 2000;

    public static async Task<IReadOnlyList<ModelVariant>> LoadAsync(IAnsiConsole console, DeploymentSpec spec, ModelZoo zoo, ProfileOptions profile, CancellationToken ct)
    {
        var variants = new List<ModelVariant>();
        foreach (var v in spec.App.Variants)
        {
            var graph = SpecModel.Load(spec with { App = spec.App with { Model = v.Model } }, zoo);
            var measured = Ui.WithProgress(console, $"profiling {v.Name} ({graph.Source})", p => ProfileCache.Get(graph, profile, out _, p));
            double accuracy = v.Accuracy ?? await MeasureAsync(console, v.Name, graph.File!, profile.Threads, ct);
            variants.Add(new ModelVariant(v.Name, graph, measured, accuracy));
        }
        return variants;
    }

    public static ModelSelectionResult Select(DeploymentSpec spec, IReadOnlyList<ModelVariant> variants, PlanningOptions options) =>
        ModelSelectionPlanner.Select(variants, spec.Topology, options, new ModelSelectionOptions { MinAccuracy = spec.App.SloMinAccuracy });

    private static async Task<double> MeasureAsync(IAnsiConsole console, string name, string modelFile, int threads, CancellationToken ct)
    {
        console.MarkupLine($"[grey]measuring the accuracy of {Markup.Escape(name)} on {AccuracySamples} Fashion-MNIST test images…[/]");
        var test = (await FashionMnist.LoadTestAsync(ct: ct)).Take(AccuracySamples);
        return OnnxEvaluator.Evaluate(modelFile, test, threads, ct).Accuracy;
    }

    /// <summary>The variant table: each variant's best placement, its predictions and which requirements it meets.</summary>
    public static void Render(IAnsiConsole console, ModelSelectionResult result)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("variant", "model", "accuracy", "best placement", "latency ms", "energy mJ", "uplink", "latency SLO", "accuracy SLO");
        foreach (var c in result.BestPerVariant)
        {
            var name = c == result.Chosen ? $"[bold green]{Markup.Escape(c.Variant.Name)}[/]" : Markup.Escape(c.Variant.Name);
            table.AddRow(name, Markup.Escape(c.Variant.Graph.Source), $"{c.Variant.Accuracy:P1}", Markup.Escape($"{c.Plan.Name}: {c.Plan.Placement}"),
                $"{c.Plan.Predicted.LatencyMs:F1}", $"{c.Plan.Predicted.DeviceEnergyMj:F1}", Ui.Bytes(c.Plan.Predicted.UplinkBytes),
                c.MeetsLatency ? "yes" : "[red]no[/]", c.MeetsAccuracy ? "yes" : "[red]no[/]");
        }
        console.Write(table);
        console.MarkupLine($"chosen: [bold green]{Markup.Escape(result.Chosen.Name)}[/] ({Markup.Escape(result.Chosen.Plan.Placement)}); " +
                           $"binding constraint: [bold]{BindingName(result.Binding)}[/] — {Markup.Escape(result.Explain())}");
    }

    public static string BindingName(BindingConstraint b) => b switch
    {
        BindingConstraint.LatencyAndAccuracy => "latency+accuracy",
        _ => b.ToString().ToLowerInvariant(),
    };

    public static object Document(ModelSelectionResult result) => new
    {
        Variants = result.BestPerVariant.Select(c => new
        {
            c.Variant.Name,
            Model = c.Variant.Graph.Source,
            c.Variant.Accuracy,
            Plan = c.Plan.Name,
            c.Plan.Placement,
            c.Plan.Predicted,
            c.MeetsLatency,
            c.MeetsAccuracy,
        }),
        Chosen = new { Variant = result.Chosen.Variant.Name, Plan = result.Chosen.Plan.Name, result.Chosen.Plan.Placement, result.Chosen.Plan.Predicted },
        Binding = BindingName(result.Binding),
        Explanation = result.Explain(),
    };
}
