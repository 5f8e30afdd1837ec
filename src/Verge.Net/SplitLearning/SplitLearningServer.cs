using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Verge.Net.Hosting;
using Verge.Net.Security;

namespace Verge.Net.SplitLearning;

/// <summary>
/// The edge's split-learning endpoint in this process: Kestrel on one HTTP/2 endpoint (h2c or TLS, tokens as
/// <see cref="ServerSecurity"/> says) serving <see cref="SplitLearningService"/>. Dispose to stop.
/// </summary>
public sealed class SplitLearningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SplitLearningServer(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public static async Task<SplitLearningServer> StartAsync(string host, int port, CancellationToken ct = default, ServerSecurity? security = null)
    {
        var (app, url) = await GrpcHost.StartAsync(host, port, services => services.AddSingleton<SplitLearningService.Sessions>(), app => app.MapGrpcService<SplitLearningService>(), ct, security);
        return new SplitLearningServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
