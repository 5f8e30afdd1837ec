using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Learning.Privacy.Bench;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench privacy</c>: DP-SGD accuracy vs ε and epoch cost, DP-FedAvg at a fixed ε for 10–1,000 clients with
/// and without secure aggregation, and the membership audit of an overfit model vs its DP twin; the tables go into
/// docs/results/privacy.md between its markers, the figure beside it.
/// </summary>
internal static class BenchPrivacyCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "small sizes for every section (a minute or two) instead of the full study (~20 min idle)" };
        var clients = new Option<string?>("--clients") { Description = "comma-separated client counts for DP-FedAvg (default 10,100,1000; quick 10,100)", HelpName = "N,N" };
        var epsilons = new Option<string?>("--epsilons") { Description = "comma-separated target ε for DP-SGD (default 1,2,4,8; quick 1,8)", HelpName = "E,E" };
        var rounds = new Option<int?>("--rounds") { Description = "DP-FedAvg rounds (default 20; quick 4)" };
        var dpEpochs = new Option<int?>("--dp-epochs") { Description = "DP-SGD epochs per ε (default 5; quick 2)" };
        var doc = new Option<string?>("--doc") { Description = "markdown file whose bench block is replaced (default docs/results/privacy.md; '' for none)" };
        var plot = new Option<string?>("--plot") { Description = "figure (default docs/results/privacy.png beside the doc)", HelpName = "FILE.png" };
        var threads = new Option<int>("--threads") { Description = "engine and ONNX Runtime threads", DefaultValueFactory = _ => 2 };
        var work = new Option<string>("--work") { Description = "folder for the audited models", DefaultValueFactory = _ => ".build/bench-privacy" };
        var data = new Option<string?>("--data") { Description = "folder with the Fashion-MNIST IDX files" };
        var json = new Option<string?>("--json") { Description = "write the results as JSON to FILE ('-' for stdout)" };
        var dpSeed = new Option<int?>("--dp-seed") { Description = "seed DP-SGD's noise and sampling so the study repeats exactly (DP-FedAvg is seeded already); a known seed voids the guarantee" };
        var command = new Command("privacy", "DP-SGD vs ε and its epoch cost, DP-FedAvg vs clients with/without secure aggregation, membership audit; writes docs/results/privacy.md");
        foreach (var o in new Option[] { quick, clients, epsilons, rounds, dpEpochs, doc, plot, threads, work, data, json, dpSeed }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = (r.GetValue(quick) ? PrivacyBenchOptions.Quick : PrivacyBenchOptions.Full) with
            {
                Threads = Options.CommonOptions.Positive(r.GetValue(threads), "--threads"),
                WorkDirectory = r.GetValue(work)!,
                DataDirectory = r.GetValue(data),
                DpSeed = r.GetValue(dpSeed),
            };
            if (r.GetValue(clients) is { } cs) options = options with { Clients = List(cs, "--clients", int.Parse).Select(n => Options.CommonOptions.Positive(n, "--clients")).ToList() };
            if (r.GetValue(epsilons) is { } es) options = options with { Epsilons = List(es, "--epsilons", s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)) };
            if (options.Epsilons.Any(e => !(e > 0 && double.IsFinite(e)))) throw new UsageException("--epsilons must be positive numbers, e.g. 1,2,4,8");
            if (r.GetValue(rounds) is { } n) options = options with { Rounds = Options.CommonOptions.Positive(n, "--rounds") };
            if (r.GetValue(dpEpochs) is { } d) options = options with { DpEpochs = Options.CommonOptions.Positive(d, "--dp-epochs") };
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var docPath = r.GetValue(doc) ?? "docs/results/privacy.md";
            var plotPath = r.GetValue(plot) ?? (docPath == "" ? null : Path.Combine(Path.GetDirectoryName(docPath) ?? "", "privacy.png"));
            string host = HostState.Read();
            var result = await new PrivacyBench(options, new Lines(line => console.WriteLine(line))).RunAsync(ct);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var markdown = PrivacyBenchReport.Markdown(result, commandLine, $"{host} at the start, {HostState.Read()} at the end", plotPath is null ? null : Path.GetFileName(plotPath));
            if (!JsonOutput.ToStdout(jsonPath)) console.WriteLine(markdown);
            if (plotPath is not null) PrivacyBenchReport.Plot(result, plotPath);
            if (docPath != "")
            {
                try
                {
                    var old = File.Exists(docPath) ? await File.ReadAllTextAsync(docPath, ct) : "# Private training\n";
                    AtomicFile.WriteAllText(docPath, PrivacyBenchReport.Splice(old, markdown), "--doc");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new InputException($"cannot write '{docPath}': {e.Message}; choose a writable --doc path");
                }
            }
            JsonOutput.Write(result, jsonPath);
            return 0;
        });
        return command;
    }

    private static List<T> List<T>(string text, string flag, Func<string, T> parse)
    {
        try
        {
            var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
            return items.Count > 0 ? items : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new UsageException($"{flag} '{text}' is not a comma-separated list of numbers");
        }
    }

    /// <summary>Progress lines written as they come, on the bench's own thread (Progress&lt;T&gt; would post them out of order).</summary>
    private sealed class Lines(Action<string> write) : IProgress<string>
    {
        public void Report(string value) => write(value);
    }
}
