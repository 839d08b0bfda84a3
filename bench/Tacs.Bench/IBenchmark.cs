namespace Tacs.Bench;

/// <summary>A benchmark command.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>Every option name it reads (without the leading --); anything else is refused before it runs.</summary>
    IReadOnlyList<string> Options { get; }

    /// <summary>True when it runs libtorch: its header then names libtorch and the convolution kernels in use.</summary>
    bool UsesTorch => false;

    int Run(string[] args);
}
