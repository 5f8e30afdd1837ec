using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Planning.ModelSelection;
using Verge.Inference.Planning;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Export;

namespace Verge.Net.Running;

/// <summary>
/// A spec's model variants (<c>app.variants</c>): each one's graph, its accuracy as the spec gives it or as measured
/// on Fashion-MNIST test images, and the choice of variant × placement under the spec's requirements.
/// </summary>
public static class SpecVariants
{
    /// <summary>Test images used to measure a variant's accuracy when the spec gives none.</summary>
    public const int AccuracySamples = 2000;

    /// <summary>The variant's model, loaded as the spec's own model would be.</summary>
    public static ModelGraph Load(DeploymentSpec spec, VariantSpec variant, ModelZoo zoo) => SpecModel.Load(spec with { App = spec.App with { Model = variant.Model } }, zoo);

    /// <summary>Top-1 accuracy of the model in <paramref name="modelFile"/> on the first <see cref="AccuracySamples"/> Fashion-MNIST test images.</summary>
    public static async Task<double> MeasureAccuracyAsync(string modelFile, int threads, CancellationToken ct)
    {
        var test = (await FashionMnist.LoadTestAsync(ct: ct)).Take(AccuracySamples);
        return OnnxEvaluator.Evaluate(modelFile, test, threads, ct).Accuracy;
    }

    public static ModelSelectionResult Select(DeploymentSpec spec, IReadOnlyList<ModelVariant> variants, PlanningOptions options) =>
        ModelSelectionPlanner.Select(variants, spec.Topology, options, new ModelSelectionOptions { MinAccuracy = spec.App.SloMinAccuracy });

    /// <summary>The spec with the chosen variant's model as its model.</summary>
    public static DeploymentSpec WithVariant(DeploymentSpec spec, string variant) =>
        spec with { App = spec.App with { Model = spec.App.Variants.First(v => v.Name == variant).Model } };
}
