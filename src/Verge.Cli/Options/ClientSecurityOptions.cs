using System.CommandLine;
using Verge.Net.Security;

namespace Verge.Cli.Options;

/// <summary>The flags every command that calls a server shares: the bearer token (or VERGE_TOKEN) and the CA to trust.</summary>
internal sealed class ClientSecurityOptions
{
    private readonly Option<string?> _token = new("--token") { Description = $"bearer token to send (default: ${ClientSecurity.TokenVariable})", HelpName = "TOKEN" };
    private readonly Option<string?> _ca = new("--tls-ca") { Description = "trust this PEM CA or self-signed certificate for https:// servers", HelpName = "FILE" };

    public void AddTo(Command command)
    {
        command.Options.Add(_token);
        command.Options.Add(_ca);
    }

    public ClientSecurity Read(ParseResult r)
    {
        var token = r.GetValue(_token) ?? Environment.GetEnvironmentVariable(ClientSecurity.TokenVariable);
        return new ClientSecurity(string.IsNullOrWhiteSpace(token) ? null : token.Trim(), r.GetValue(_ca));
    }
}
