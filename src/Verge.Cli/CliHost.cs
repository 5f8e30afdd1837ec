using System.CommandLine;
using Verge.Core.Errors;
using Verge.Inference.Zoo;
using Verge.Learning.Models;

namespace Verge.Cli;

/// <summary>
/// Parses the command line, runs the chosen command, and turns every user-caused error into one line on stderr
/// and a non-zero exit code. Stack traces appear only for programming errors, and only with VERGE_DEBUG=1.
/// </summary>
public static class CliHost
{
    public static RootCommand BuildRoot()
    {
        // The one zoo of this process: built here, handed to every command that takes a MODEL.
        var zoo = TrainedZoo.AddTo(ModelZoo.Standard());
        var root = new RootCommand("Verge: deep learning across end devices, edge servers and the cloud.");
        foreach (var command in CommandCatalog.All(zoo))
            root.Subcommands.Add(command);
        Recording.ResultsRecording.AddTo(root);
        Options.FlagRanges.Apply(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        // ONNX Runtime's own lines would come before Verge's one line; with VERGE_DEBUG=1 they come as plain lines.
        Inference.Runtime.OrtLogging.Route(Debug ? line => Console.Error.WriteLine($"verge: {line}") : null);
        RootCommand root;
        try
        {
            root = BuildRoot();
        }
        catch (VergeException e)
        {
            Console.Error.WriteLine($"verge: {OneLine(e.Message)}");
            return e.ExitCode;
        }
        // Piped output has no terminal width; tables of layer names read better wide than wrapped at 80 columns.
        if (Console.IsOutputRedirected && Environment.GetEnvironmentVariable("COLUMNS") is null)
            Spectre.Console.AnsiConsole.Profile.Width = 160;
        if (args.Length == 0)
            args = ["--help"];
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // The full path of the command that failed to parse: "verge bench partition", not "verge partition".
            var path = new List<string>();
            for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
                if (r.Command != root) path.Insert(0, r.Command.Name);
            var name = string.Join(' ', ["verge", .. path]);
            // Unrecognised tokens explain more than "required command was not provided", so they come first.
            var messages = parsed.Errors.Select(e => OneLine(e.Message).TrimEnd('.'))
                .OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).Take(2);
            Console.Error.WriteLine($"verge: {string.Join("; ", messages)} (see '{name} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            // --help (or --version) runs instead of the command: its flags are not checked, nothing is recorded.
            bool runsCommand = ReferenceEquals(parsed.Action, parsed.CommandResult.Command.Action);
            if (runsCommand) Options.OutputFlags.CheckWritable(parsed);
            var recording = runsCommand ? Recording.ResultsRecording.Prepare(parsed) : null;
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            int exit = await parsed.InvokeAsync(config, ct);
            if (exit == 0 && recording is { } r) Recording.ResultsRecording.Append(parsed, r.Db, r.Capture);
            return exit;
        }
        catch (VergeException e)
        {
            Console.Error.WriteLine($"verge: {OneLine(Options.FlagTerms.Message(e))}");
            return e.ExitCode;
        }
        catch (Grpc.Core.RpcException e) when (Net.Security.SecurityRefusal.Describe(e) is { } refusal)
        {
            Console.Error.WriteLine($"verge: {OneLine(refusal)}");
            return ExitCodes.Input;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("verge: cancelled");
            return 130;
        }
        catch (Exception e) when (!Debug)
        {
            Console.Error.WriteLine($"verge: internal error: {OneLine(e.Message)} ({e.GetType().Name}; set VERGE_DEBUG=1 for a stack trace)");
            return ExitCodes.Internal;
        }
    }

    private static bool Debug => Environment.GetEnvironmentVariable("VERGE_DEBUG") == "1";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
