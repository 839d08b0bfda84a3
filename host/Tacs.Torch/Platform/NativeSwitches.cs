using System.Runtime.InteropServices;
using TorchSharp;

namespace Tacs.Torch.Platform;

/// <summary>
/// The two process-wide switches that decide which convolution kernels libtorch runs: oneDNN's ISA cap (read by
/// oneDNN from the C environment when it creates its first primitive) and libtorch's "use oneDNN at all" flag.
/// </summary>
internal static partial class NativeSwitches
{
    /// <summary>oneDNN's environment variable for the highest instruction set its JIT kernels may use.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>Sets an environment variable in the C runtime's environment, where native code reads it.</summary>
    /// <remarks>.NET keeps its own copy of the environment on Linux: <see cref="Environment.SetEnvironmentVariable(string, string)"/> alone is not seen by libtorch.</remarks>
    public static void SetNativeEnvironment(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            if (setenv(name, value, 1) != 0)
            {
                throw new InvalidOperationException($"setenv({name}) failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
    }

    /// <summary>Turns libtorch's use of oneDNN (mkldnn) on or off for the whole process; off, convolutions run ATen's own kernels.</summary>
    public static void SetOneDnnEnabled(bool enabled)
    {
        var (context, setter, _) = MkldnnExports();
        unsafe
        {
            ((delegate* unmanaged<IntPtr, byte, void>)setter)(context, enabled ? (byte)1 : (byte)0);
        }
    }

    /// <summary>Whether libtorch will use oneDNN for convolutions.</summary>
    public static bool IsOneDnnEnabled()
    {
        var (context, _, getter) = MkldnnExports();
        unsafe
        {
            return ((delegate* unmanaged<IntPtr, byte>)getter)(context) != 0;
        }
    }

    // at::globalContext() and at::Context::{set,}userEnabledMkldnn are exported C++ functions of libtorch_cpu.so;
    // TorchSharp does not wrap them. A member function takes `this` as its first argument in the Itanium ABI.
    private static (IntPtr Context, IntPtr Setter, IntPtr Getter) MkldnnExports()
    {
        // Makes sure TorchSharp has loaded libtorch into the process before it is looked up by name.
        _ = torch.get_num_threads();
        if (!NativeLibrary.TryLoad("libtorch_cpu.so", typeof(NativeSwitches).Assembly, DllImportSearchPath.SafeDirectories, out var library)
            && !NativeLibrary.TryLoad("libtorch_cpu.so", out library))
        {
            throw new InvalidOperationException("libtorch_cpu.so is not loaded in this process: the oneDNN switch cannot be reached.");
        }

        var global = NativeLibrary.GetExport(library, "_ZN2at13globalContextEv");
        var setter = NativeLibrary.GetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb");
        var getter = NativeLibrary.GetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv");
        IntPtr context;
        unsafe
        {
            context = ((delegate* unmanaged<IntPtr>)global)();
        }

        return (context, setter, getter);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
