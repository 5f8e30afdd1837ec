using Spectre.Console;
using Verge.Core.Spec;
using Verge.Inference.Planning.ModelSelection;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Execution;
using Verge.Net.Running;

namespace Verge.Cli.Output;

/// <summary>Model selection on the console: the spec's variants profiled and measured under progress, the variant table, its JSON.</summary>
internal static class VariantsView
{
    public static async Task<IReadOnlyList<ModelVariant>> LoadAsync(IAnsiConsole console, DeploymentSpec spec, ModelZoo zoo, ProfileOptions profile, CancellationToken ct)
    {
        var variants = new List<ModelVariant>();
        foreach (var v in spec.App.Variants)
        {
            var graph = SpecVariants.Load(spec, v, zoo);
            var measured = Ui.WithProgress(console, $"profiling {v.Name} ({graph.Source})", p => ProfileCache.Get(graph, profile, out _, p));
            if (v.Accuracy is null)
                console.MarkupLine($"[grey]measuring the accuracy of {Markup.Escape(v.Name)} on {SpecVariants.AccuracySamples} Fashion-MNIST test images…[/]");
            double accuracy = v.Accuracy ?? await SpecVariants.MeasureAccuracyAsync(graph.File!, profile.Threads, ct);
            variants.Add(new ModelVariant(v.Name, graph, measured, accuracy));
        }
        return variants;
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
