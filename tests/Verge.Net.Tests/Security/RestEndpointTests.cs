using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

/// <summary>The same check guards minimal-API endpoints mapped on a Verge host (as the REST inference endpoints are): 401, 403, 200.</summary>
public sealed class RestEndpointTests
{
    [Fact]
    public async Task RestEndpointsAnswer401And403AndHonourAllowAnonymous()
    {
        var security = new ServerSecurity { Tokens = SecurityFixtures.Tokens };
        var (app, url) = await GrpcHost.StartAsync("127.0.0.1", 0, _ => { }, app =>
        {
            app.MapGet("/v2/health/live", () => "live").AllowAnonymous();
            app.MapGet("/v2/models/m", () => "metadata");
            app.MapPost("/v2/repository/models/m/load", () => "loaded").RequireRole(TokenRole.Admin);
        }, CancellationToken.None, security);
        await using var _ = app;
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? token)
        {
            var request = new HttpRequestMessage(method, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await http.SendAsync(request);
        }

        var live = await Send(HttpMethod.Get, "/v2/health/live", null);
        Assert.True(live.StatusCode == HttpStatusCode.OK, live + await live.Content.ReadAsStringAsync());
        var anonymous = await Send(HttpMethod.Get, "/v2/models/m", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("\"error\"", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/v2/models/m", SecurityFixtures.InferToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Post, "/v2/repository/models/m/load", SecurityFixtures.InferToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Post, "/v2/repository/models/m/load", SecurityFixtures.AdminToken)).StatusCode);
    }
}
