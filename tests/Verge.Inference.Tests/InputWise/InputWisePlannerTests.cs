using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;
using Verge.Inference.Tests.Planning;

namespace Verge.Inference.Tests.InputWise;

public sealed class InputWisePlannerTests
{
    private static string Spec(int helpers, string bandwidth = "100Mbps") =>
        $"""
        app: {"{"} model: zoo:resnet-tiny, input: random {"}"}
        nodes:
          - {"{"} name: camera, tier: device, speed: 0.1 {"}"}
          - {"{"} name: edge, tier: edge {"}"}
        {string.Concat(Enumerable.Range(1, helpers).Select(i => $"  - {{ name: board-{i}, tier: device, speed: 0.1, helper: true }}\n"))}links:
          - {"{"} from: camera, to: edge, bandwidth: 1Mbps, rtt: 50ms {"}"}
        {string.Concat(Enumerable.Range(1, helpers).Select(i => $"  - {{ from: camera, to: board-{i}, bandwidth: {bandwidth}, rtt: 2ms }}\n"))}
        """;

    private static PlanningProblem Problem(string yaml)
    {
        var spec = DeploymentSpec.Parse(yaml, "tiles.yaml");
        var graph = TileModels.ResNetTiny();
        return new PlanningProblem(graph, TestGraphs.Profile(graph, _ => 2), spec.Topology, new PlanningOptions());
    }

    private static IReadOnlyList<Plan> PlanFor(string yaml, TileGrid? grid = null) => new InputWisePlanner(grid).Plan(Problem(yaml));

    [Fact]
    public void HelpersAreDeviceTierNodesBesideTheOneDevice()
    {
        var spec = DeploymentSpec.Parse(Spec(3), "tiles.yaml");

        Assert.Equal("camera", spec.Topology.Device.Name);
        Assert.Equal(["board-1", "board-2", "board-3"], spec.Topology.Helpers.Select(h => h.Name));
        var error = Assert.Throws<InputException>(() => DeploymentSpec.Parse(Spec(2).Replace("name: edge, tier: edge", "name: edge, tier: edge, helper: true"), "tiles.yaml"));
        Assert.Contains("only device-tier nodes can be helpers", error.Message);
    }

    [Fact]
    public void NoCandidateWithoutTwoHelpers()
    {
        Assert.Empty(PlanFor(Spec(1)));
    }

    [Fact]
    public void CandidateRunsTheBlockOnHelpersAndTheRestOnTheDevice()
    {
        var grid = new TileGrid(3, 3);
        var plan = Assert.Single(PlanFor(Spec(3), grid));

        Assert.Equal(InputWisePlanner.Name, plan.Name);
        Assert.Equal("camera", plan.Stages[^1].Site.Name);
        Assert.Equal(3, plan.Stages.Count(s => s.Site.Helper));
        Assert.True(plan.Predicted.UplinkBytes > TileModels.ResNetTiny().Inputs[0].Bytes, "tiles overlap, so more than the image goes out");
        Assert.True(Assert.Single(PlanFor(Spec(3, "1Mbps"), grid)).Predicted.LatencyMs > plan.Predicted.LatencyMs);
        Assert.True(Assert.Single(PlanFor(Spec(2), grid)).Predicted.LatencyMs >= plan.Predicted.LatencyMs);
    }

    [Fact]
    public void WithoutAGridTheCandidateIsTheLatencyOptimalLayoutWithTheDeviceWorking()
    {
        var planner = new InputWisePlanner();
        var problem = Problem(Spec(3));
        var chain = planner.Chain(problem)!;
        var plan = Assert.Single(planner.Plan(problem));

        Assert.True(planner.DeviceTakesTiles);
        Assert.Equal(chain.PredictedMs, plan.Predicted.LatencyMs);
        Assert.True(plan.Predicted.LatencyMs <= Assert.Single(PlanFor(Spec(3), new TileGrid(3, 3))).Predicted.LatencyMs);
        foreach (var layout in chain.Blocks)
        {
            Assert.Equal(layout.Tiles.Count, layout.Predicted.TilesPerWorker.Sum());
            Assert.Equal(layout.Helpers + 1, layout.Predicted.TilesPerWorker.Count);
        }
    }
}
