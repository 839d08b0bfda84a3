using Tacs.Bench;

// Each benchmark is a class with a name, a one-line description and Run(args) returning an exit code.
IBenchmark[] benchmarks = [new GaussianChainBenchmark(), new LiveBenchmark(), new TacsBenchmark(), new Bm3dBenchmark(), new DrunetBenchmark()];

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

try
{
    return benchmarks.First(b => b.Name == args[0]).Run(args[1..]);
}
catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException)
{
    // Bad options or missing data: one line saying what was wrong, not a stack trace.
    Console.Error.WriteLine($"tacs-bench {args[0]}: {e.Message}");
    return 1;
}
