using System.Text.Json;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// What the two edge-party services of private inference (two-party, <see cref="EdgePartyService"/>, and homomorphic,
/// <see cref="HomomorphicEdgeService"/>) share around their protocols: the call's streams become a
/// <see cref="GrpcPeer"/>, the device's hello is parsed and answered "ok", and an error the device caused ends the call
/// as Aborted with its one line logged. Each protocol stays in its own service.
/// </summary>
internal static class EdgePartySession
{
    public static async Task RunAsync<THello>(IAsyncStreamReader<PartyMessage> requestStream, IServerStreamWriter<PartyMessage> responseStream,
        ServerCallContext context, Action<string> log, Func<string, THello> parseHello, Func<GrpcPeer, THello, CancellationToken, Task> protocol)
    {
        var ct = context.CancellationToken;
        var grpcPeer = new GrpcPeer(requestStream, responseStream, "device party");
        try
        {
            var hello = parseHello((await grpcPeer.ReceiveAsync("hello", ct)).Hello);
            await grpcPeer.SendAsync(new PartyMessage { Hello = "ok" }, "hello");
            await protocol(grpcPeer, hello, ct);
        }
        catch (VergeException e)
        {
            log($"session stopped: {e.Message}");
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
    }

    /// <summary>The hello's JSON, or null where it is none (the service says what it expected).</summary>
    public static T? Deserialize<T>(string text) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Both parties must run the same architecture: the edge holds the weights, the device only their shape.</summary>
    public static void RequireSameModel(string deviceFingerprint, string edgeFingerprint, string edgeSource)
    {
        if (deviceFingerprint != edgeFingerprint)
            throw new InputException($"the device party runs another architecture than the edge's '{edgeSource}'; give both the same model");
    }
}
