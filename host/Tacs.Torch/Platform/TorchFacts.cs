using System.Reflection;
using System.Text.Json;

namespace Tacs.Torch.Platform;

/// <summary>Versions of the native deep-learning stack in this process.</summary>
public static class TorchFacts
{
    /// <summary>The libtorch package version the application was built against (from its deps.json), or "unknown".</summary>
    public static string LibTorchVersion { get; } = FromDeps("libtorch-cpu-linux-x64") ?? "unknown";

    /// <summary>TorchSharp's version.</summary>
    public static string TorchSharpVersion { get; } =
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>"libtorch 2.10.0, TorchSharp 0.107.0; convolution kernels: …": the line benchmarks print and trained weights record.</summary>
    public static string Describe() => $"libtorch {LibTorchVersion}, TorchSharp {TorchSharpVersion}; {KernelGuard.Ensure().Describe()}";

    // deps.json lists every package the app restored, as "name/version" keys under "libraries".
    private static string? FromDeps(string package)
    {
        try
        {
            foreach (var file in (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!File.Exists(file))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(File.ReadAllText(file));
                if (!document.RootElement.TryGetProperty("libraries", out var libraries))
                {
                    continue;
                }

                foreach (var library in libraries.EnumerateObject())
                {
                    if (library.Name.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase))
                    {
                        return library.Name[(package.Length + 1)..];
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Unknown is an honest answer.
        }

        return null;
    }
}
