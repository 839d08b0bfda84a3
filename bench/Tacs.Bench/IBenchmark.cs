namespace Tacs.Bench;

/// <summary>A benchmark command.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>Every option name it reads (without the leading --); anything else is refused before it runs.</summary>
    IReadOnlyList<string> Options { get; }

    int Run(string[] args);
}
