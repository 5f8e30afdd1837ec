using System.Text.Json;
using Verge.Cli;
using Verge.Core.Errors;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Planning;

[Collection(InProcessCli.Name)]
public sealed class PlanningCliTests
{
    [Fact]
    public async Task CutsWritesEveryCutOfResNet18AsJson()
    {
        var file = Path.Combine(Path.GetTempPath(), $"verge-cuts-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, await CliHost.RunAsync(["cuts", "zoo:resnet18", "--json", file]));

            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var cuts = doc.RootElement.GetProperty("cuts");
            Assert.Equal("zoo:resnet18", doc.RootElement.GetProperty("model").GetString());
            Assert.Equal("Input247", cuts[0].GetProperty("tensors")[0].GetString());
            Assert.Equal(602_112, cuts[0].GetProperty("bytes").GetInt64());
            Assert.Equal(0, cuts[0].GetProperty("head_macs").GetInt64());
            Assert.Equal(0, cuts[cuts.GetArrayLength() - 1].GetProperty("tail_macs").GetInt64());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PlanRefusesABadSpecWithExitCode3()
    {
        var spec = Path.Combine(Path.GetTempPath(), $"verge-spec-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(spec, "app: { model: zoo:resnet18 }\nnodes:\n  - { name: phone, tier: device }\nlinks:\n  - { from: phone, to: edg, bandwidth: 1Mbps, rtt: 1ms }\n");
        try
        {
            var bad = ChildProcess.RunVerge("plan", spec);
            Assert.Equal(ExitCodes.Input, bad.ExitCode);
            Assert.Equal($"verge: {spec}: links[0].to: unknown node 'edg'; known nodes: phone", bad.Stderr.TrimEnd());
            // One line with the choices (System.CommandLine's own wording took three).
            var objective = ChildProcess.RunVerge("plan", spec, "--objective", "speed");
            Assert.Equal(ExitCodes.Usage, objective.ExitCode);
            Assert.Equal("verge: --objective 'speed' is not allowed; give one of latency, energy (see 'verge plan --help')", objective.Stderr.TrimEnd());
        }
        finally
        {
            File.Delete(spec);
        }
    }

    [Fact]
    public async Task PlanProfilesTheModelAndNamesTheChosenCandidate()
    {
        var spec = Path.Combine(DeploymentSpecTests.RepoRoot(), "examples", "resnet18-3g-lte-wifi.yaml");
        var file = Path.Combine(Path.GetTempPath(), $"verge-plan-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, await CliHost.RunAsync(["plan", spec, "--runs", "1", "--threads", "1", "--bandwidth", "1Gbps", "--json", file]));

            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var candidates = doc.RootElement.GetProperty("candidates").EnumerateArray().ToList();
            var chosen = doc.RootElement.GetProperty("chosen").GetString();
            Assert.Contains(candidates, c => c.GetProperty("name").GetString() == chosen);
            Assert.Contains(candidates, c => c.GetProperty("name").GetString() == "min-cut(edge)");
            var edgeOnly = candidates.Single(c => c.GetProperty("name").GetString() == "edge-only");
            Assert.Equal(602_112, edgeOnly.GetProperty("predicted").GetProperty("uplink_bytes").GetInt64());
            Assert.Equal("Input247", edgeOnly.GetProperty("stages")[0].GetProperty("from_cut")[0].GetString());
            // The RPC stack's cost per message was measured on this host and priced into every hop.
            var rpc = doc.RootElement.GetProperty("rpc_overhead");
            Assert.True(rpc.GetProperty("fixed_ms").GetDouble() > 0);
            var hops = edgeOnly.GetProperty("hops").EnumerateArray().ToList();
            Assert.All(hops, h => Assert.True(h.GetProperty("ms").GetDouble() > rpc.GetProperty("fixed_ms").GetDouble()));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
