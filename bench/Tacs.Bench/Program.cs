using Tacs.Bench;

// Each benchmark is a class with a name, a one-line description and Run(args) returning an exit code.
IBenchmark[] benchmarks = [new GaussianChainBenchmark(), new LiveBenchmark(), new TacsBenchmark(), new Bm3dBenchmark(), new Bm3dVolumeBenchmark(), new DrunetBenchmark(), new OnnxBenchmark(), new FuzzBenchmark()];

if (args.Length == 0 || args[0] is "-h" or "--help" || benchmarks.All(b => b.Name != args[0]))
{
    Console.WriteLine("Usage: tacs-bench <benchmark> [options]   (run from the repository root, after dotnet build -c Release)");
    Console.WriteLine();
    foreach (var b in benchmarks)
    {
        Console.WriteLine($"  {b.Name,-12} {b.Description}");
    }

    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 1;
}

var chosen = benchmarks.First(b => b.Name == args[0]);
if (args[1..].Any(a => a is "-h" or "--help"))
{
    Console.WriteLine($"Usage: tacs-bench {chosen.Name} [options]   (run from the repository root, after dotnet build -c Release)");
    Console.WriteLine();
    Console.WriteLine($"  {chosen.Description}");
    Console.WriteLine();
    Console.WriteLine($"  Options: {string.Join(" ", chosen.Options.Select(o => "--" + o))}");
    return 0;
}

// A mistyped option would otherwise be ignored and a long run made with its default.
var unknown = args[1..].Where(a => a.StartsWith("--", StringComparison.Ordinal) && !chosen.Options.Contains(a[2..])).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"tacs-bench {chosen.Name}: unknown option {string.Join(", ", unknown)}; tacs-bench {chosen.Name} --help lists the options.");
    return 1;
}

if (!BenchHeader.Print(chosen))
{
    return 1;
}

try
{
    return chosen.Run(args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException)
{
    // Bad options or missing data: one line saying what was wrong, not a stack trace.
    Console.Error.WriteLine($"tacs-bench {args[0]}: {e.Message}");
    return 1;
}
