using Verge.Net.Client;
using Verge.Net.Links;

namespace Verge.Net.Execution;

/// <summary>
/// Frees the stages a deployment loaded: their ids are unguessable and its own (issue 17), so nothing else would
/// ever replace them, and a node would keep them until its --max-stages filled up.
/// </summary>
internal static class StageUnloading
{
    /// <summary>Best effort: a node that is gone (or does not answer within the call timeout) has nothing left to free.</summary>
    public static async Task UnloadAsync(IEnumerable<(string Url, string StageId)> loaded, DeploymentOptions options)
    {
        foreach (var (url, id) in loaded)
        {
            try
            {
                using var client = NodeClient.Connect(url, LinkParameters.Unlimited, security: options.Security);
                using var deadline = new CancellationTokenSource(options.CallTimeout);
                await client.UnloadStageAsync(id, deadline.Token);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or IOException or OperationCanceledException)
            {
            }
        }
    }
}
