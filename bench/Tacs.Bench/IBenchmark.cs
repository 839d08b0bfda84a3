namespace Tacs.Bench;

/// <summary>A benchmark command.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    int Run(string[] args);
}
