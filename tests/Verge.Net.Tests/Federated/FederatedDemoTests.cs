using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;
using Verge.Cli.Demo;

namespace Verge.Net.Tests.Federated;

public sealed partial class FederatedDemoTests
{
    /// <summary>The demo step runs three rounds over real loopback gRPC; its table shows every client in every round and a model that learned.</summary>
    [Fact]
    public async Task FederatedDemoTrainsThreeRoundsWithEveryClient()
    {
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await FederatedDemo.RunAsync(guard.Token);
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        var text = writer.ToString();
        var rows = Row().Matches(text).ToList();
        Assert.True(rows.Count == 3, text);
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.Groups[1].Value));
        Assert.All(rows, r => Assert.Equal("3/3", r.Groups[2].Value));
        var accuracy = rows.Select(r => double.Parse(r.Groups[3].Value, CultureInfo.InvariantCulture) / 100).ToList();
        Assert.True(accuracy[^1] > 0.5, $"test accuracy after 3 rounds: {accuracy[^1]:P1} (chance is 10 %)");
        Assert.Contains("3 rounds, the training images never left the clients.", Regex.Replace(text, @"\s+", " ")); // the line wraps at 80 columns
    }

    // "│ 2     │ 3/3     │ 584.0 KiB      │ 2.3 MiB        │ 61.2%         │"
    [GeneratedRegex(@"│\s*(\d)\s*│\s*(\d/\d)\s*│[^│]*│[^│]*│\s*([\d.]+)\s?%\s*│")]
    private static partial Regex Row();
}
