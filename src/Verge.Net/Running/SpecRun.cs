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
/// the RPC stack's measured cost per message in the predictions. `verge run` and the demo both call it.
/// </summary>
public static class SpecRun
{
    /// <param name="running">Nodes already started (their RPC cost in <paramref name="transport"/>); else started here and stopped after.</param>
    public static async Task<RunReport> RunAsync(DeploymentSpec spec, ModelGraph graph, ModelProfile profile, SpecRunSettings settings,
        IProgress<FrameRecord>? progress, CancellationToken ct, LocalNodes? running = null, MessageCost? transport = null)
    {
        var inputs = settings.Inputs ?? await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        await using var owned = running is null ? await LocalNodes.StartAsync(spec.Topology, settings.Nodes, settings.Threads, ct, settings.Security) : null;
        var nodes = running ?? owned!;
        var options = new RunnerOptions
        {
            Frames = settings.Frames,
            Plan = settings.Plan,
            Adapt = settings.Adapt,
            Deployment = new DeploymentOptions { Encoding = TensorEncoding.Of(spec.App.Codec), Threads = settings.Threads, Security = settings.Security },
        };
        var planning = PlanningOptions.From(spec.App) with { Message = transport ?? MessageCost.None };
        var runner = new PlanRunner(graph, profile, spec.Topology, planning, nodes.Urls, options);
        return await runner.RunAsync(inputs, progress, ct);
    }
}
