using Verge.Net.Security;

namespace Verge.Net.Hosting;

/// <summary>
/// How a node listens and computes. Port 0 picks a free port (read it back from <see cref="NodeHost.Url"/>).
/// </summary>
public sealed record NodeHostOptions(string Role = "edge", string Host = "127.0.0.1", int Port = 0, int Threads = 1)
{
    /// <summary>The name this node reports in timings; defaults to the role.</summary>
    public string? Name { get; init; }

    public string NodeName => Name ?? Role;

    /// <summary>Emulated compute speed relative to this host (e.g. 0.5 = half as fast); see <c>ComputePacer</c>.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>Time dilation factor k ≥ 1 of the emulation this node runs in: its stages take time × k / <see cref="Speed"/>; see <c>ComputePacer</c>.</summary>
    public double Dilation { get; init; } = 1.0;

    /// <summary>The ONNX Runtime execution provider its stages' sessions run on (<c>verge serve --ep</c>, a spec node's <c>ep:</c>).</summary>
    public string Provider { get; init; } = Inference.Runtime.ExecutionProviders.Cpu;

    /// <summary>The clock the node times its replies with (compute, total); tests pass the device's virtual clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>TLS, tokens and the non-loopback rule for this node's listener; see <see cref="ServerSecurity"/>.</summary>
    public ServerSecurity Security { get; init; } = ServerSecurity.None;

    /// <summary>Parses `http://HOST:PORT` (or `https://` with a certificate) as given to `verge serve --listen`.</summary>
    public static NodeHostOptions FromListenUrl(string role, string url, int threads, ServerSecurity? security = null)
    {
        security ??= ServerSecurity.None;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
            throw new Core.Errors.UsageException($"listen address '{url}' is not of the form http://HOST:PORT or https://HOST:PORT") { Term = "listen address" };
        if (uri.Scheme == Uri.UriSchemeHttps && !security.Tls)
            throw new Core.Errors.UsageException($"listen address '{url}' is https but no certificate is given; add --tls-cert FILE --tls-key FILE (verge cert writes a pair)") { Term = "listen address" };
        return new NodeHostOptions(role, uri.Host, uri.Port, threads) { Security = security };
    }
}
