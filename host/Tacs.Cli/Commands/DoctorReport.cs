namespace Tacs.Cli.Commands;

/// <summary>The lines of <c>tacs doctor</c>: facts, and checks with ok or what is wrong and what to do.</summary>
internal sealed class DoctorReport
{
    private readonly List<string> _lines = [];
    private int _problems;

    public void Section(string title) => _lines.Add($"\n{title}");

    public void Fact(string name, string value) => _lines.Add($"  {name,-34} {value}");

    /// <summary>A check: ok, a neutral mark (<paramref name="mark"/>), or PROBLEM with <paramref name="remedy"/>.</summary>
    public void Check(string name, string value, bool ok, string remedy, string? mark = null)
    {
        if (ok)
        {
            _lines.Add($"  {name,-34} {value}  {mark ?? "ok"}");
            return;
        }

        _problems++;
        _lines.Add($"  {name,-34} {value}  PROBLEM: {remedy}");
    }

    /// <summary>Prints everything and a closing verdict; true when nothing is wrong.</summary>
    public bool Print()
    {
        Console.WriteLine("tacs doctor");
        foreach (var line in _lines)
        {
            Console.WriteLine(line);
        }

        Console.WriteLine();
        Console.WriteLine(_problems == 0 ? "All checks ok." : $"{_problems} problem(s) found (marked PROBLEM above).");
        return _problems == 0;
    }
}
