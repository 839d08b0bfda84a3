using System.Globalization;

namespace Tacs.Bench;

/// <summary>Tiny "--name value" parser for benchmark options.</summary>
internal sealed class BenchArgs(string[] args)
{
    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Get(name) ?? fallback;

    public bool Flag(string name) => args.Contains("--" + name);

    private string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
