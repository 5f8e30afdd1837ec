using System.Text.Json;
using Verge.Net.Hosting;
using Verge.Net.Security;
using Verge.Net.Serving;
using Verge.Net.Tests.Cli;
using Verge.Net.Tests.Security;

namespace Verge.Net.Tests.Serving;

/// <summary>`verge load` as a user runs it, a real child process against a real edge server: bearer tokens, TLS with a generated certificate, sweeps and plots.</summary>
public sealed class LoadCliTests : IDisposable
{
    private readonly string _root = OipModels.Repository();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task TheTokenIsSentAndWithoutOneTheLoadIsRefusedOnOneLine()
    {
        var security = ServerSecurity.None with { Tokens = SecurityFixtures.Tokens };
        await using var host = await ServingHost.StartAsync(_root, new NodeHostOptions("edge") { Security = security }, null);
        var json = Path.Combine(_root, "load.json");

        var ok = await ChildProcess.RunVergeAsync("load", host.Url, "--model", "dense", "--concurrency", "2", "--duration", "0.3",
            "--token", SecurityFixtures.InferToken, "--json", json);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
            Assert.Equal(host.Server.Statistics("dense").Answered, doc.RootElement.GetProperty("answered").GetInt64());

        var refused = await ChildProcess.RunVergeAsync("load", host.Url, "--model", "dense", "--duration", "0.3");
        Assert.Equal(3, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no bearer token", line);
    }

    [Fact]
    public async Task LoadRunsOverTlsTrustingTheGeneratedCertificateAndPlots()
    {
        using var dir = new TempDir("verge-tls-");
        var (cert, key) = SecurityFixtures.WriteCertificate(dir);
        var security = new ServerSecurity { CertificateFile = cert, KeyFile = key };
        await using var host = await ServingHost.StartAsync(_root, new NodeHostOptions("edge") { Security = security }, null);
        Assert.StartsWith("https://", host.Url);
        var png = Path.Combine(_root, "load.png");

        var ok = await ChildProcess.RunVergeAsync("load", host.Url, "--model", "dense", "--rate", "40", "--duration", "0.5", "--tls-ca", cert, "--plot", png);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.True(host.Server.Statistics("dense").Answered > 0);
        AssertPng(png);

        var untrusted = await ChildProcess.RunVergeAsync("load", host.Url, "--model", "dense", "--duration", "0.3");
        Assert.Equal(3, untrusted.ExitCode);
        Assert.Contains("TLS with the server failed", Assert.Single(untrusted.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task ASweepWritesOnePointPerValueAndAPlot()
    {
        await using var host = await ServingHost.StartAsync(_root, new NodeHostOptions("edge"), null);
        var (json, png) = (Path.Combine(_root, "sweep.json"), Path.Combine(_root, "sweep.png"));

        var r = await ChildProcess.RunVergeAsync("load", host.Url, "--model", "dense", "--sweep", "concurrency=1,2,3", "--duration", "0.3", "--json", json, "--plot", png);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var points = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], points.Select(p => p.GetProperty("concurrency").GetInt32()));
        foreach (var key in new[] { "throughput_rps", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "queue_ms", "compute_ms", "rejected", "deadline_misses", "goodput_rps", "mean_aoi_ms" })
            Assert.All(points, p => Assert.True(p.TryGetProperty(key, out _), key));
        Assert.Equal(host.Server.Statistics("dense").Answered, points.Sum(p => p.GetProperty("answered").GetInt64()));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(r.Stdout, @"│\s*[123]\s*│").Count); // a table row per point
        AssertPng(png);
    }

    [Theory]
    [InlineData("--sweep", "concurrency=0,2")]
    [InlineData("--sweep", "latency=1,2")]
    [InlineData("--plot", "load.jpg")]
    public async Task BadValuesAreUsageErrors(string flag, string value)
    {
        var r = await ChildProcess.RunVergeAsync("load", "http://127.0.0.1:1", "--model", "dense", flag, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(flag, Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
    }
}
