using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Platform;

public sealed class TorchSharpOnThisMachineTests
{
    [Fact]
    public void LibTorchLoadsAndAConvolutionRunsForwardAndBackward()
    {
        // Fails with "doesn't contain a reference to libtorch-cpu-linux-x64" when the libstdc++ remedy was not applied.
        using var scope = NewDisposeScope();
        var conv = nn.Conv2d(2, 3, 3, padding: 1, bias: false);
        var input = ones(1, 2, 8, 8, requires_grad: true);
        var output = conv.forward(input);
        output.sum().backward();
        Assert.Equal([1L, 3, 8, 8], output.shape);
        Assert.NotNull(input.grad);
        Assert.True(input.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TheBuildOutputCarriesOneLibTorchForLinuxOnly()
    {
        var runtimes = Path.Combine(AppContext.BaseDirectory, "runtimes");
        Assert.True(File.Exists(Path.Combine(runtimes, "linux-x64", "native", "libtorch_cpu.so")), "libtorch for linux-x64 is missing from the test output.");
        Assert.False(Directory.Exists(Path.Combine(runtimes, "win-x64", "native")) && Directory.GetFiles(Path.Combine(runtimes, "win-x64", "native"), "torch_cpu.dll").Length > 0, "libtorch for Windows was copied too.");
    }

    [Fact]
    public void ThreadCountIsSetAndBadCountsAreRefused()
    {
        TorchRuntime.SetThreads(1);
        Assert.Equal(1, get_num_threads());
        TorchRuntime.SetThreads(0);
        Assert.Equal(Environment.ProcessorCount, get_num_threads());
        var error = Assert.Throws<ArgumentException>(() => TorchRuntime.SetThreads(-1));
        Assert.Contains("threads", error.Message, StringComparison.Ordinal);
    }
}
