namespace Verge.Bench.Fuzz;

/// <summary>
/// The child process that runs cases: reads one index per line on stdin, answers one protocol line per case on
/// stdout. Everything the program under test writes to stdout is discarded; its stderr is captured per case.
/// A case that kills this process is seen by the <see cref="Supervisor"/>, which records it and starts a new worker.
/// </summary>
public static class Worker
{
    /// <param name="scratch">the folder to run cases in (made by the supervisor, which removes it); null: one of its own.</param>
    public static async Task<int> RunAsync(string category, int seed, string? stderrFile, string? scratch = null)
    {
        var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        Console.SetOut(TextWriter.Null);
        scratch ??= Directory.CreateTempSubdirectory($"verge-fuzz-{category}-").FullName;
        Environment.CurrentDirectory = scratch;
        WireTarget? wire = null;
        try
        {
            var native = stderrFile is null ? null : NativeStderr.TryStart(stderrFile);
            if (category == "wire") wire = await WireTarget.StartAsync(scratch);
            var cli = new CliTarget(scratch, native);
            await protocol.WriteLineAsync("@@ready");
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (!int.TryParse(line, out var index)) continue;
                var c = Cases.Create(category, seed, index);
                var result = wire is null ? await cli.RunAsync(c) : await wire.RunAsync(c);
                await protocol.WriteLineAsync(result.ToLine());
            }
            return 0;
        }
        finally
        {
            if (wire is not null) await wire.DisposeAsync();
            Environment.CurrentDirectory = Path.GetTempPath();
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Runs one case in this process and prints its outcome (replaying a finding; a crash ends this process as it would a worker).</summary>
    public static async Task<int> ReplayAsync(string category, int seed, int index)
    {
        var c = Cases.Create(category, seed, index);
        Console.WriteLine($"{category} seed {seed} index {index}: {c.Target}, {c.Mutation}");
        var scratch = Directory.CreateTempSubdirectory("verge-fuzz-replay-").FullName;
        var output = Console.Out;
        Console.SetOut(TextWriter.Null);
        CaseResult result;
        try
        {
            if (category == "wire")
            {
                await using var wire = await WireTarget.StartAsync(scratch);
                result = await wire.RunAsync(c);
            }
            else result = await new CliTarget(scratch, NativeStderr.TryStart(Path.Combine(scratch, "stderr.txt"))).RunAsync(c);
        }
        finally
        {
            Console.SetOut(output);
            // A case that crashes this process ends it before here, and its scratch folder stays.
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        Console.WriteLine($"{result.Outcome}: {result.Detail}");
        return 0;
    }
}
