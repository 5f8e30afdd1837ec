using Spectre.Console;
using Verge.Core.Units;

namespace Verge.Cli.Output;

/// <summary>
/// The human-facing console for one command: stdout normally, stderr when stdout carries JSON, so
/// `--json -` output stays machine-clean.
/// </summary>
public static class Ui
{
    public static IAnsiConsole For(string? jsonPath) => JsonOutput.ToStdout(jsonPath)
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
        : AnsiConsole.Console;

    /// <summary>Runs <paramref name="work"/> under a one-task progress bar that reports fractions in [0, 1].</summary>
    public static T WithProgress<T>(IAnsiConsole console, string label, Func<IProgress<double>, T> work)
    {
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: 1.0);
                result = work(new Progress<double>(f => task.Value = f));
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>An <see cref="IProgress{T}"/> that runs <paramref name="report"/> at once on the reporting thread (a progress bar's counter).</summary>
    public static IProgress<T> Reporter<T>(Action<T> report) => new Inline<T>(report);

    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Bytes as every command prints them (<see cref="DataSize"/>: KiB, MiB, GiB).</summary>
    public static string Bytes(long bytes) => new DataSize(bytes).ToString();

    public static string Count(long n) => n switch
    {
        < 1_000 => n.ToString(),
        < 1_000_000 => $"{n / 1e3:0.0}K",
        < 1_000_000_000 => $"{n / 1e6:0.00}M",
        _ => $"{n / 1e9:0.000}G",
    };
}
