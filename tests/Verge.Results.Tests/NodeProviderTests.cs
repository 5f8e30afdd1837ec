using System.CommandLine;
using Verge.Cli;

namespace Verge.Results.Tests;

/// <summary>
/// Issue 16 item 5: a spec node's <c>ep:</c> reaches the sessions of its stages; one this ONNX Runtime lacks is refused
/// in one line naming the node, before the first frame, never run on the CPU instead. And every command's --help works.
/// </summary>
[Collection(InProcessCli.Name)]
public sealed class NodeProviderTests
{
    private static async Task<(int Exit, string Error)> Run(params string[] args)
    {
        var error = new StringWriter();
        var old = Console.Error;
        try
        {
            Console.SetError(error);
            return (await CliHost.RunAsync(args), error.ToString());
        }
        finally
        {
            Console.SetError(old);
        }
    }

    private static string Spec(string dir, string model, string edgeEp)
    {
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, $$"""
            app: { model: {{model}}, input: random, objective: latency }
            nodes:
              - { name: phone, tier: device, speed: 1.0 }
              - { name: edge, tier: edge, speed: 1.0, ep: {{edgeEp}} }
            links:
              - { from: phone, to: edge, bandwidth: 100Mbps, rtt: 1ms }
            """);
        return spec;
    }

    [Fact]
    public async Task AnEdgeNodeOnCudaIsRefusedInOneLineBeforeTheFirstFrame()
    {
        // This test host's ONNX Runtime is the CPU build; on a GPU build the spec would run, so there is nothing to refuse.
        if (Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider")) return;
        using var tiny = new Tiny();
        var (exit, error) = await Run("run", Spec(tiny.Dir, "zoo:lenet5", "cuda"), "--frames", "2", "--runs", "1", "--threads", "1", "--no-record");
        Assert.Equal(3, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("node 'edge'", error);
        Assert.Contains("execution provider cuda", error);
    }

    [Fact]
    public async Task ServeOnCudaIsRefusedInOneLineBeforeListening()
    {
        if (Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider")) return;
        var (exit, error) = await Run("serve", "--ep", "cuda", "--listen", "http://127.0.0.1:0");
        Assert.Equal(3, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("cuda", error);
    }

    [Fact]
    public async Task AnEdgeNodeOnTheCpuRunsAsBefore()
    {
        using var tiny = new Tiny();
        var (exit, error) = await Run("run", Spec(tiny.Dir, tiny.Model, "cpu"), "--frames", "2", "--runs", "1", "--threads", "1", "--plan", "edge-only",
            "--json", Path.Combine(tiny.Dir, "run.json"), "--no-record");
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task EveryCommandsHelpExitsZero()
    {
        var paths = new List<string[]>();
        void Walk(Command command, string[] path)
        {
            paths.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, [.. path, sub.Name]);
        }
        Walk(CliHost.BuildRoot(), []);
        var old = Console.Out;
        try
        {
            Console.SetOut(TextWriter.Null);
            foreach (var path in paths)
            {
                var (exit, error) = await Run([.. path, "--help"]);
                Assert.True(exit == 0, $"verge {string.Join(' ', path)} --help exited {exit}: {error}");
            }
        }
        finally
        {
            Console.SetOut(old);
        }
    }
}
