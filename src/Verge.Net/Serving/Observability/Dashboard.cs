using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Verge.Inference.Serving;

namespace Verge.Net.Serving.Observability;

/// <summary>
/// The live dashboard on the REST port: <c>GET /</c> is one static page (an embedded resource, no CDN) whose script
/// polls <c>GET /v2/dashboard</c> (<see cref="DashboardData"/>) every second. The page is anonymous (it holds no
/// data); the JSON needs the infer role like every endpoint, sent from the page as <c>#token=…</c> in its address.
/// </summary>
public static class Dashboard
{
    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("Verge.Net.Serving.Observability.dashboard.html")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder app, InferenceServer server)
    {
        var data = new DashboardData(server);
        app.MapGet("/", async http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.Body.WriteAsync(Page.Value, http.RequestAborted);
        }).AllowAnonymous();
        app.MapGet("/v2/dashboard", async http =>
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(data.Snapshot().ToJsonString(new JsonSerializerOptions { WriteIndented = false }), http.RequestAborted);
        });
    }
}
