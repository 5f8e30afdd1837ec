using Microsoft.Playwright;
using Verge.Net.Hosting;
using Verge.Net.Security;
using Verge.Net.Serving;
using Verge.Net.Serving.Load;
using Verge.Net.Tests.Security;

namespace Verge.Net.Tests.Serving.Observability;

/// <summary>
/// The live dashboard in a real browser: Debian's Chromium (installed by scripts/setup) driven headless by
/// Playwright, against a real edge server (behind tokens; the page takes its token as <c>#token=…</c>) while
/// `verge load` runs. The throughput figure must show and then change — the page waits, the test asserts no time.
/// Set VERGE_DASHBOARD_PNG=FILE to keep the screenshot (scripts/dashboard-screenshot writes docs/dashboard.png).
/// </summary>
public sealed class DashboardBrowserTests
{
    /// <summary>Where Debian's chromium package puts its launcher; VERGE_CHROMIUM overrides it.</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("VERGE_CHROMIUM") ?? "/usr/bin/chromium";

    // Playwright's own flags plus those that keep Chromium off the network: this machine's closed network refuses
    // its background connections (PLATFORM.md); --no-sandbox because tests run as root here.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    // The figure once it is a number above zero (the first poll has nothing to compare with and shows 0).
    private const string NonZero = """
        previous => {
          const shown = document.querySelector('.throughput[data-model="dense-v1"]')?.textContent ?? '';
          return parseFloat(shown) > 0 && shown !== previous ? shown : null;
        }
        """;

    [Fact]
    public async Task ThroughputShowsAndUpdatesWhileLoadRuns()
    {
        Assert.True(File.Exists(Chromium), $"Chromium is not at {Chromium}; run scripts/setup (it installs Debian's chromium package) or set VERGE_CHROMIUM");
        var root = OipModels.Repository();
        var screenshot = Path.Combine(root, "dashboard.png");
        using var stop = new CancellationTokenSource();
        try
        {
            var security = ServerSecurity.None with { Tokens = SecurityFixtures.Tokens };
            await using var host = await ServingHost.StartAsync(root, new NodeHostOptions("edge") { Security = security }, "http://127.0.0.1:0");
            // An open loop at a modest rate, as frames of three streams: the streams table fills too; cancelled at the end.
            var load = Task.Run(() => LoadGenerator.RunAsync(new LoadOptions(host.Url, "dense")
            {
                Rate = 100, Streams = 3, Duration = TimeSpan.FromMinutes(10), Security = new ClientSecurity(SecurityFixtures.InferToken),
            }, stop.Token));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = Flags });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
            await page.GotoAsync($"{host.RestUrl}/#token={SecurityFixtures.InferToken}");

            // Guards only (a minute each on a loaded host): the page polls every second.
            var wait = new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 100 };
            var first = await (await page.WaitForFunctionAsync(NonZero, "", wait)).JsonValueAsync<string>();
            var second = await (await page.WaitForFunctionAsync(NonZero, first, wait)).JsonValueAsync<string>();
            Assert.NotEqual(first, second);
            Assert.True(double.Parse(second, System.Globalization.CultureInfo.InvariantCulture) > 0, second);
            Assert.Equal("", await page.TextContentAsync("#status")); // the JSON was fetched with the token, no error shown
            Assert.Equal(3, await page.Locator("#streams tr").CountAsync());

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            var png = File.ReadAllBytes(screenshot);
            Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', $"{screenshot}: not a PNG");
            if (Environment.GetEnvironmentVariable("VERGE_DASHBOARD_PNG") is { Length: > 0 } keep)
                File.Copy(screenshot, keep, overwrite: true);

            await stop.CancelAsync();
            try
            {
                await load;
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException)
            {
                // the load was stopped mid-request, as meant
            }
        }
        finally
        {
            await stop.CancelAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
