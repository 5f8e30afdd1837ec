using Verge.Cli;

namespace Verge.Bench.Fuzz;

/// <summary>
/// Runs one model or spec case through the `verge` entry point in this process (no process start per input):
/// the file goes into a scratch folder, stdout is discarded, stderr is captured and classified with the exit code.
/// </summary>
public sealed class CliTarget(string scratch, NativeStderr? native = null)
{
    /// <summary>The verge arguments for a case whose input file is <paramref name="file"/> (also written next to findings).</summary>
    public static string[] Arguments(FuzzCase c, string file, string outDir) => c.Target switch
    {
        "inspect" => ["inspect", file],
        "profile" => ["profile", file, "--runs", "1", "--threads", "1"],
        "eval" => ["eval", file, "--limit", "8", "--threads", "1"],
        "plan" => ["plan", file, "--runs", "1", "--threads", "1", "--no-rpc-cost", "--json", "-"],
        _ when c.Target.StartsWith("split:", StringComparison.Ordinal) => ["split", file, "--cut", c.Target["split:".Length..], "--out", outDir],
        _ => throw new ArgumentException($"unknown CLI target '{c.Target}'"),
    };

    public async Task<CaseResult> RunAsync(FuzzCase c)
    {
        var dir = Path.Combine(scratch, $"case-{c.Index}");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "input" + c.Extension);
        await File.WriteAllBytesAsync(file, c.Payload);
        var errors = new StringWriter();
        var previous = Console.Error;
        Console.SetError(errors);
        native?.Begin();
        int code;
        try
        {
            // The working folder is the scratch one, so debris (profiler traces) lands where it is cleaned up.
            Environment.CurrentDirectory = dir;
            code = await CliHost.RunAsync(Arguments(c, file, Path.Combine(dir, "out")));
        }
        catch (Exception e)
        {
            return new CaseResult(c.Index, Outcome.InternalError, c.Target, $"escaped the CLI host: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Console.SetError(previous);
            Environment.CurrentDirectory = scratch;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        // ONNX Runtime's own log lines land on fd 2 before Verge's line; they count as lines of the answer.
        var nativeText = native?.End() ?? "";
        return Classify(c, code, nativeText + errors);
    }

    /// <summary>Exit 0: success. Exit 2/3 with exactly one "verge: …" line: a clean error. Anything else: an internal error.</summary>
    public static CaseResult Classify(FuzzCase c, int code, string stderr)
    {
        var plain = System.Text.RegularExpressions.Regex.Replace(stderr, "\u001b\\[[0-9;]*m", "");
        var lines = plain.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length > 0 ? lines[^1] : "";
        if (code == 0) return new CaseResult(c.Index, Outcome.Success, c.Target, "exit 0");
        bool oneLine = lines.Length == 1 && last.StartsWith("verge: ", StringComparison.Ordinal) && !last.Contains("internal error", StringComparison.Ordinal);
        if ((code == 2 || code == 3) && oneLine) return new CaseResult(c.Index, Outcome.CleanError, c.Target, $"exit {code}: {last}");
        var why = code is 2 or 3 ? $"exit {code} but {lines.Length} lines on stderr" : $"exit {code}";
        var first = lines.Length > 1 ? $" [first line: {lines[0]}]" : "";
        return new CaseResult(c.Index, Outcome.InternalError, c.Target, $"{why}: {last}{first}");
    }
}
