using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Tacs.Sdk;

namespace Tacs.Host.Plugins;

/// <summary>What a plugin assembly says about itself, read from its metadata without loading it.</summary>
/// <param name="MainAssemblyPath">The plugin's main assembly.</param>
/// <param name="AssemblyName">Its simple name.</param>
/// <param name="AssemblyVersion">Its version.</param>
/// <param name="SdkVersion">The Tacs.Sdk version it references.</param>
/// <param name="Shipped">Built with tacs (assembly metadata <c>TacsShipped=true</c>): wins an id clash with a lab plugin.</param>
public sealed record PluginAssemblyInfo(string MainAssemblyPath, string AssemblyName, Version AssemblyVersion, Version SdkVersion, bool Shipped = false);

/// <summary>Finds a plugin folder's main assembly and checks it before anything is loaded, so that a
/// corrupt file or an incompatible SDK never reaches the runtime loader.</summary>
public static class PluginInspector
{
    private const string SdkAssemblyName = "Tacs.Sdk";

    /// <summary>Inspects the plugin in <paramref name="folder"/>.</summary>
    /// <param name="folder">A plugin folder.</param>
    /// <exception cref="PluginLoadException">No main assembly, not a .NET assembly, not a Tacs plugin, or built for another SDK.</exception>
    public static PluginAssemblyInfo Inspect(string folder)
    {
        var main = FindMainAssembly(folder);
        try
        {
            using var stream = File.OpenRead(main);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"{Path.GetFileName(main)} is not a .NET assembly (no metadata). Rebuild the plugin.");
            }

            var reader = pe.GetMetadataReader();
            var definition = reader.GetAssemblyDefinition();
            var name = reader.GetString(definition.Name);
            Version? sdk = null;
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.GetString(reference.Name) == SdkAssemblyName)
                {
                    sdk = reference.Version;
                }
            }

            if (sdk is null)
            {
                throw new PluginLoadException($"{Path.GetFileName(main)} does not reference {SdkAssemblyName}: it is not a Tacs plugin.");
            }

            if (!SdkInfo.CanLoad(sdk))
            {
                throw new PluginLoadException(
                    $"{Path.GetFileName(main)} was built for SDK {sdk.ToString(3)}, but this host has SDK {SdkInfo.Version.ToString(3)}. " +
                    (sdk > SdkInfo.Version ? "Update tacs, or rebuild the plugin against this SDK." : "Rebuild the plugin against this SDK."));
            }

            return new PluginAssemblyInfo(main, name, definition.Version, sdk, IsShipped(reader, definition));
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"{Path.GetFileName(main)} is corrupt or not a .NET assembly ({ex.Message}). Rebuild or re-copy the plugin.", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new PluginLoadException($"{Path.GetFileName(main)} has unreadable metadata ({ex.Message}). Rebuild or re-copy the plugin.", ex);
        }
        catch (IOException ex)
        {
            throw new PluginLoadException($"{Path.GetFileName(main)} cannot be read: {ex.Message}", ex);
        }
    }

    // [assembly: AssemblyMetadata("TacsShipped", "true")], read from the attribute's blob: prolog, then two strings.
    private static bool IsShipped(MetadataReader reader, AssemblyDefinition definition)
    {
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference || reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name) != "AssemblyMetadataAttribute")
            {
                continue;
            }

            var blob = reader.GetBlobReader(attribute.Value);
            if (blob.Length >= 2 && blob.ReadUInt16() == 1 && blob.ReadSerializedString() == "TacsShipped" && blob.ReadSerializedString() == "true")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The main assembly: the one named by the folder's <c>*.deps.json</c>, else <c>&lt;folder name&gt;.dll</c>.</summary>
    /// <param name="folder">A plugin folder.</param>
    /// <exception cref="PluginLoadException">Neither exists.</exception>
    public static string FindMainAssembly(string folder)
    {
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length == 1)
        {
            var candidate = Path.Combine(folder, Path.GetFileName(deps[0])[..^".deps.json".Length] + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var byFolderName = Path.Combine(folder, Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + ".dll");
        if (File.Exists(byFolderName))
        {
            return byFolderName;
        }

        throw new PluginLoadException(
            $"No plugin assembly in {folder}: expected {Path.GetFileName(byFolderName)} or one *.deps.json naming it. " +
            "Copy the plugin's whole build output folder here.");
    }
}
