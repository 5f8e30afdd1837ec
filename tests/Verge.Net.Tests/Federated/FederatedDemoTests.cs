using Verge.Cli.Demo;

namespace Verge.Net.Tests.Federated;

public sealed class FederatedDemoTests
{
    /// <summary>The demo step runs three rounds over real loopback gRPC and returns.</summary>
    [Fact]
    public async Task FederatedDemoCompletes()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await FederatedDemo.RunAsync(guard.Token);
    }
}
