using Verge.Bench.Fuzz;

// verge's own fuzzer (issue 17): mutated models × inspect/profile/eval/split, mutated specs × plan, mutated wire
// messages × the stage, federated and Open Inference Protocol services. One command:
//   dotnet bench/Verge.Bench.Fuzz/bin/Release/net10.0/Verge.Bench.Fuzz.dll --count 10000 --workers 2 --findings out/fuzz
if (args.Length >= 3 && args[0] == "--worker")
    return await Worker.RunAsync(args[1], int.Parse(args[2]), args.Length > 3 ? args[3] : null, args.Length > 4 ? args[4] : null);
if (args.Length >= 4 && args[0] == "--replay")
    return await Worker.ReplayAsync(args[1], int.Parse(args[2]), int.Parse(args[3]));

var categories = new List<string>();
int count = 100, seed = 1, workers = 1, timeout = 30;
string? findings = "out/fuzz-findings";
bool verbose = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--category": categories.AddRange(Next().Split(',')); break;
        case "--count": count = int.Parse(Next()); break;
        case "--seed": seed = int.Parse(Next()); break;
        case "--workers": workers = int.Parse(Next()); break;
        case "--timeout": timeout = int.Parse(Next()); break;
        case "--findings": findings = Next(); break;
        case "--no-findings": findings = null; break;
        case "--verbose": verbose = true; break;
        default:
            Console.Error.WriteLine($"fuzz: unknown argument '{args[i]}'; use --category models|specs|wire[,…] --count N --seed S --workers W --timeout SEC --findings DIR | --replay CATEGORY SEED INDEX");
            return 2;
    }
}
if (categories.Count == 0) categories.AddRange(Cases.Categories);
var options = new FuzzOptions(categories, count, seed) { Workers = workers, Timeout = TimeSpan.FromSeconds(timeout), Findings = findings, Verbose = verbose };
Console.WriteLine($"fuzzing {string.Join(", ", categories)}: {count} inputs each, seed {seed}, {workers} worker(s), timeout {timeout} s");
var tallies = await new Supervisor(options, Console.WriteLine).RunAsync();
Console.WriteLine();
Console.WriteLine("| category | inputs | clean errors | successes | internal errors | crashes | hangs | seconds |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var t in tallies)
    Console.WriteLine($"| {t.Category} | {t.Total} | {t[Outcome.CleanError]} | {t[Outcome.Success]} | {t[Outcome.InternalError]} | {t[Outcome.Crash]} | {t[Outcome.Hang]} | {t.Elapsed.TotalSeconds:F0} |");
if (findings is not null && tallies.Any(t => t.Bad > 0)) Console.WriteLine($"findings: {Path.GetFullPath(findings)}/findings.tsv");
return tallies.Any(t => t.Bad > 0) ? 1 : 0;
