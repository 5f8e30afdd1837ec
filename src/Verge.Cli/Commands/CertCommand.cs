using System.CommandLine;
using Verge.Net.Security;

namespace Verge.Cli.Commands;

/// <summary>`verge cert`: a self-signed TLS certificate and key for development (`verge serve --tls-cert/--tls-key`).</summary>
internal static class CertCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "folder to write cert.pem and key.pem into", Required = true, HelpName = "DIR" };
        var host = new Option<string>("--host") { Description = "host name or IP the certificate names, besides localhost, 127.0.0.1 and ::1", DefaultValueFactory = _ => "localhost" };
        var command = new Command("cert", "Write a self-signed TLS certificate and key for development (clients trust it with --tls-ca)") { output, host };
        command.SetAction(r =>
        {
            var name = r.GetValue(host)!;
            var (cert, key) = SelfSignedCertificate.Write(r.GetValue(output)!, name);
            Console.WriteLine($"verge cert: wrote {cert} and {key} (self-signed for {name}, valid one year)");
            Console.WriteLine($"  serve with --tls-cert {cert} --tls-key {key}; clients trust it with --tls-ca {cert}");
            return 0;
        });
        return command;
    }
}
