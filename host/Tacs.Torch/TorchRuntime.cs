using static TorchSharp.torch;

namespace Tacs.Torch;

/// <summary>Process-wide libtorch settings. libtorch keeps one thread pool per process, shared by all plugins.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();

    /// <summary>Sets libtorch's intra-op threads (0: one per core). Changing it is cheap when unchanged.</summary>
    /// <exception cref="ArgumentException">Negative or absurd count.</exception>
    public static void SetThreads(int threads)
    {
        if (threads is < 0 or > 256)
        {
            throw new ArgumentException($"threads must be 0 (one per core) to 256; {threads} given.");
        }

        var wanted = threads == 0 ? Environment.ProcessorCount : threads;
        lock (Gate)
        {
            if (get_num_threads() != wanted)
            {
                set_num_threads(wanted);
            }
        }
    }

    /// <summary>Number of tensors alive in libtorch handles held by .NET (for leak checks).</summary>
    public static long LiveTensors => Tensor.TotalCount;
}
