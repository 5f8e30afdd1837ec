using Microsoft.AspNetCore.Builder;
using Verge.Core.Errors;

namespace Verge.Net.Federated;

/// <summary>How a federation server (synchronous or asynchronous) stops: its run is cancelled and awaited, then Kestrel.</summary>
internal static class FederationStop
{
    public static async ValueTask StopAsync(CancellationTokenSource stop, Task completion, WebApplication app)
    {
        await stop.CancelAsync();
        try
        {
            await completion;
        }
        catch (Exception e) when (e is OperationCanceledException or VergeException)
        {
            // Cancelled by this stop, or stopped with a reason the owner of Completion has already seen.
        }
        await app.StopAsync();
        await app.DisposeAsync();
        stop.Dispose();
    }
}
