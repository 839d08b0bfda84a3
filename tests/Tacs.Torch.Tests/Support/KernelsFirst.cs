using System.Runtime.CompilerServices;
using Tacs.Torch.Platform;

namespace Tacs.Torch.Tests.Support;

/// <summary>Settles libtorch's convolution kernels before any test runs one, as tacs does before its first network:
/// oneDNN reads its ISA cap once, at its first convolution, so a test that convolved first would decide for all.</summary>
internal static class KernelsFirst
{
    [ModuleInitializer]
    internal static void Settle() => KernelGuard.Ensure();
}
