using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;
using Tacs.TestPlugins.SharedWrapper;

namespace Tacs.TestPlugins.WrapperUser;

/// <summary>Records which copy of the shared wrapper it sees.</summary>
public sealed class WrapperUserDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new($"test.wrapper-{Name}", "Wrapper user", "1.0.0");

#if USER_B
    private const string Name = "b";
#elif USER_C
    private const string Name = "c";
#else
    private const string Name = "a";
#endif

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        input.Pixels.CopyTo(output.Pixels, 0);
        context.Note("runtime", NativeRuntime.Identity);
    }
}
