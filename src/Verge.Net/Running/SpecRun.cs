using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Wire;

namespace Verge.Net.Running;

/// <summary>
/// Runs a deployment spec end to end: its frames (<see cref="FrameInputs"/>), its edge and cloud nodes
/// (<see cref="LocalNodes"/>, unless given) and a <see cref="PlanRunner"/> under the spec's planning options, with
/// the RPC stack's measured cost per message in the predictions. `verge run` and the demo both call it. A spec with a
/// node faster than this host runs under time dilation (<see cref="Dilation"/>).
/// </summary>
public static class SpecRun
{
    /// <summary>
    /// The time dilation a run of <paramref name="spec"/> needs: k = its fastest node's speed (or <paramref name="requested"/>,
    /// at least that) when every node is started here; none when a node is given by URL (a real node computes at its
    /// own pace, which cannot be slowed by k).
    /// </summary>
    public static TimeDilation Dilation(DeploymentSpec spec, IReadOnlyDictionary<Core.Deployment.Tier, string> givenNodes, double? requested = null)
    {
        if (givenNodes.Count > 0)
            return requested is null ? TimeDilation.None
                : throw new Core.Errors.UsageException("--dilation needs every node started here; drop it or the nodes given by URL");
        var least = TimeDilation.For(spec.Topology);
        if (requested is not { } k) return least;
        return k >= least.Factor && double.IsFinite(k) ? new TimeDilation(k)
            : throw new Core.Errors.UsageException($"--dilation {k} must be at least the fastest node's speed, {least.Factor:G}");
    }

    /// <param name="running">Nodes already started (their RPC cost in <paramref name="transport"/>); else started here and stopped after.</param>
    public static async Task<RunReport> RunAsync(DeploymentSpec spec, ModelGraph graph, ModelProfile profile, SpecRunSettings settings,
        IProgress<FrameRecord>? progress, CancellationToken ct, LocalNodes? running = null, MessageCost? transport = null)
    {
        var inputs = settings.Inputs ?? await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        var dilation = Dilation(spec, settings.Nodes, settings.Dilation);
        await using var owned = running is null ? await LocalNodes.StartAsync(spec.Topology, settings.Nodes, settings.Threads, ct, settings.Security, dilation) : null;
        var nodes = running ?? owned!;
        var options = new RunnerOptions
        {
            Frames = settings.Frames,
            Plan = settings.Plan,
            Cut = settings.Cut,
            Adapt = settings.Adapt,
            Deployment = new DeploymentOptions
            {
                Encoding = TensorEncoding.Of(spec.App.Codec), Threads = settings.Threads, Security = settings.Security, Dilation = dilation,
                FeaturePrivacy = spec.App.FeaturePrivacy,
                ReuseGate = settings.ReuseGate,
            },
        };
        var planning = PlanningOptions.From(spec.App) with { Message = transport is null ? MessageCost.None : dilation.Message(transport) };
        var runner = new PlanRunner(graph, profile, spec.Topology, planning, nodes.Urls, options);
        return await runner.RunAsync(inputs, progress, ct);
    }
}
