using System.CommandLine;
using Verge.Net.Security;

namespace Verge.Cli.Options;

/// <summary>The flags every serving command shares: TLS, tokens, --insecure; for stage nodes also the CA and next hops their own calls may use.</summary>
internal sealed class ServerSecurityOptions
{
    private readonly Option<string?> _cert = new("--tls-cert") { Description = "serve TLS with this PEM certificate (verge cert writes one)", HelpName = "FILE" };
    private readonly Option<string?> _key = new("--tls-key") { Description = "the PEM private key of --tls-cert", HelpName = "FILE" };
    private readonly Option<string?> _tokens = new("--tokens") { Description = "accept only these bearer tokens: one 'TOKEN ROLE' per line, ROLE infer or admin", HelpName = "FILE" };
    private readonly Option<bool> _insecure = new("--insecure") { Description = "allow a non-loopback listener without TLS and tokens (trusted networks only)" };
    private readonly Option<string[]> _nextHops = new("--allow-next-hop")
    {
        Description = "node a loaded stage may forward to, scheme://HOST:PORT (repeatable; default: loopback only, on a loopback node)",
        HelpName = "URL", AllowMultipleArgumentsPerToken = true,
    };
    private readonly Option<int> _maxMessage = new("--max-message-mb")
    {
        Description = "largest gRPC message accepted or sent, in MiB", DefaultValueFactory = _ => ServerSecurity.DefaultMaxMessageBytes >> 20,
    };
    private readonly Option<int> _maxStages = new("--max-stages")
    {
        Description = "stages the node holds at once; loads beyond are refused", DefaultValueFactory = _ => ServerSecurity.None.MaxStages,
    };
    private readonly Option<int> _maxRequest = new("--max-request-mb")
    {
        Description = "bytes decoding one Infer request may allocate (tensors + LZ4 buffers), in MiB", DefaultValueFactory = _ => (int)(ServerSecurity.None.MaxRequestBytes >> 20),
    };
    private readonly Option<int> _maxInFlight = new("--max-inflight-mb")
    {
        Description = "bytes all Infer requests being served at once may hold, in MiB", DefaultValueFactory = _ => (int)(ServerSecurity.None.MaxInFlightBytes >> 20),
    };
    private readonly Option<string?> _ca = new("--tls-ca") { Description = "trust this PEM CA/certificate when calling other nodes over https", HelpName = "FILE" };

    private bool _outbound;

    /// <param name="outbound">Whether the server calls other nodes itself (stage nodes: --tls-ca, --allow-next-hop, --max-stages, --max-request-mb, --max-inflight-mb).</param>
    public void AddTo(Command command, bool outbound)
    {
        foreach (var o in new Option[] { _cert, _key, _tokens, _insecure, _maxMessage })
            command.Options.Add(o);
        _outbound = outbound;
        if (!outbound) return;
        command.Options.Add(_ca);
        command.Options.Add(_nextHops);
        command.Options.Add(_maxStages);
        command.Options.Add(_maxRequest);
        command.Options.Add(_maxInFlight);
    }

    public ServerSecurity Read(ParseResult r) => new()
    {
        MaxMessageBytes = MaxMessageBytes(r.GetValue(_maxMessage)),
        CertificateFile = r.GetValue(_cert),
        KeyFile = r.GetValue(_key),
        Tokens = r.GetValue(_tokens) is { } file ? TokenTable.Load(file) : null,
        Insecure = r.GetValue(_insecure),
        Outbound = new ClientSecurity(null, _outbound ? r.GetValue(_ca) : null),
        AllowedNextHops = _outbound ? r.GetValue(_nextHops) ?? [] : [],
        MaxStages = _outbound ? MaxStages(r.GetValue(_maxStages)) : ServerSecurity.None.MaxStages,
        MaxRequestBytes = _outbound ? Mebibytes(r.GetValue(_maxRequest), "--max-request-mb") : ServerSecurity.None.MaxRequestBytes,
        MaxInFlightBytes = _outbound ? Mebibytes(r.GetValue(_maxInFlight), "--max-inflight-mb") : ServerSecurity.None.MaxInFlightBytes,
    };

    private static long Mebibytes(int mb, string flag) => mb is >= 1 and <= 1 << 20 ? (long)mb << 20
        : throw new Core.Errors.UsageException($"{flag} {mb} must be between 1 and {1 << 20}");

    private static int MaxMessageBytes(int mb) => mb is >= 1 and <= 2047 ? mb << 20
        : throw new Core.Errors.UsageException($"--max-message-mb {mb} must be between 1 and 2047");

    private static int MaxStages(int n) => n >= 1 ? n : throw new Core.Errors.UsageException($"--max-stages {n} must be at least 1");
}
