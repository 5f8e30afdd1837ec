using System.CommandLine;
using Verge.Net.Security;

namespace Verge.Cli.Options;

/// <summary>The flags every serving command shares: TLS, tokens, --insecure, and the CA its own outgoing calls trust.</summary>
internal sealed class ServerSecurityOptions
{
    private readonly Option<string?> _cert = new("--tls-cert") { Description = "serve TLS with this PEM certificate (verge cert writes one)", HelpName = "FILE" };
    private readonly Option<string?> _key = new("--tls-key") { Description = "the PEM private key of --tls-cert", HelpName = "FILE" };
    private readonly Option<string?> _tokens = new("--tokens") { Description = "accept only these bearer tokens: one 'TOKEN ROLE' per line, ROLE infer or admin", HelpName = "FILE" };
    private readonly Option<bool> _insecure = new("--insecure") { Description = "allow a non-loopback listener without TLS and tokens (trusted networks only)" };
    private readonly Option<string?> _ca = new("--tls-ca") { Description = "trust this PEM CA/certificate when calling other nodes over https", HelpName = "FILE" };

    public void AddTo(Command command, bool outbound)
    {
        foreach (var o in new Option[] { _cert, _key, _tokens, _insecure })
            command.Options.Add(o);
        if (outbound) command.Options.Add(_ca);
    }

    public ServerSecurity Read(ParseResult r) => new()
    {
        CertificateFile = r.GetValue(_cert),
        KeyFile = r.GetValue(_key),
        Tokens = r.GetValue(_tokens) is { } file ? TokenTable.Load(file) : null,
        Insecure = r.GetValue(_insecure),
        Outbound = new ClientSecurity(null, r.GetValue(_ca)),
    };
}
