using Grpc.Net.Client;
using Verge.Net.Client;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>A channel to another party of a private protocol: h2c on loopback, or TLS and a bearer token as the party's server demands.</summary>
public static class PartyChannel
{
    public static GrpcChannel Open(string url, ClientSecurity? security)
    {
        ClientSecurity.CheckUrl(url, "party URL");
        return GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = NodeClient.MaxMessageBytes,
            MaxSendMessageSize = NodeClient.MaxMessageBytes,
            HttpHandler = (security ?? ClientSecurity.None).CreateTransport(),
            DisposeHttpClient = true,
        });
    }
}
