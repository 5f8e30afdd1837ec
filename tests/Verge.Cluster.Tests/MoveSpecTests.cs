using Verge.Core.Errors;
using Verge.Core.Spec;

namespace Verge.Cluster.Tests;

/// <summary>`app.moves`: a device's schedule of edge servers, read with one-line errors that name the field.</summary>
public sealed class MoveSpecTests
{
    private static string Spec(string moves) => $$"""
        app:
          model: zoo:lenet5
          moves: {{moves}}
        nodes:
          - { name: phone,  tier: device, speed: 0.2 }
          - { name: edge-a, tier: edge,   speed: 1.0 }
          - { name: edge-b, tier: edge,   speed: 1.0 }
        links:
          - { from: phone, to: edge-a, bandwidth: 20Mbps, rtt: 10ms }
          - { from: phone, to: edge-b, bandwidth: 20Mbps, rtt: 10ms }
        """;

    [Fact]
    public void A_move_schedule_reads_as_frames_and_edge_nodes()
    {
        var spec = DeploymentSpec.Parse(Spec("[{ after_frames: 40, edge: edge-b }, { after_frames: 90, edge: edge-a }]"), "moves.yaml");
        Assert.Equal([new MoveSpec(40, "edge-b"), new MoveSpec(90, "edge-a")], spec.App.Moves);
        Assert.Empty(DeploymentSpec.Parse(Spec("[{ after_frames: 1, edge: edge-b }]").Replace("  moves: [{ after_frames: 1, edge: edge-b }]\n", ""), "plain.yaml").App.Moves);
    }

    [Theory]
    [InlineData("[]", "app.moves: is empty")]
    [InlineData("[{ after_frames: 0, edge: edge-b }]", "app.moves[0].after_frames: 0 is not a frame count")]
    [InlineData("[{ after_frames: 4.5, edge: edge-b }]", "app.moves[0].after_frames: 4.5 is not a frame count")]
    [InlineData("[{ after_frames: 40, edge: cloud-x }]", "app.moves[0].edge: 'cloud-x' is not an edge node; use one of edge-a, edge-b")]
    [InlineData("[{ after_frames: 40, edge: edge-a }]", "app.moves[0].edge: the device is already on 'edge-a'")]
    [InlineData("[{ after_frames: 40, edge: edge-b }, { after_frames: 40, edge: edge-a }]", "app.moves[1].after_frames: 40 is not after the previous move's 40")]
    [InlineData("[{ after: 40, edge: edge-b }]", "app.moves[0]")]
    public void A_bad_move_is_refused_in_one_line_naming_the_field(string moves, string expected)
    {
        var e = Assert.Throws<InputException>(() => DeploymentSpec.Parse(Spec(moves), "moves.yaml"));
        Assert.Contains("moves.yaml: " + expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
