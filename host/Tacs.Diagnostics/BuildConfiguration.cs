using System.Diagnostics;
using System.Reflection;

namespace Tacs.Diagnostics;

/// <summary>Whether an assembly was built optimised (Release) or not (Debug): a Debug build of BM3D runs about five times slower.</summary>
public static class BuildConfiguration
{
    /// <summary>"Release", "Debug" or another configuration name, from the assembly's own attributes.</summary>
    public static string Of(Assembly assembly)
    {
        var named = assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        if (!string.IsNullOrEmpty(named))
        {
            return named;
        }

        // Without the attribute, the JIT-optimiser switch the compiler writes is the truth.
        var debuggable = assembly.GetCustomAttribute<DebuggableAttribute>();
        return debuggable is not null && debuggable.IsJITOptimizerDisabled ? "Debug" : "Release";
    }

    /// <summary>True when the assembly was compiled with optimisation.</summary>
    public static bool IsOptimised(Assembly assembly)
    {
        var debuggable = assembly.GetCustomAttribute<DebuggableAttribute>();
        return debuggable is null || !debuggable.IsJITOptimizerDisabled;
    }

    /// <summary>The configuration of an assembly file on disk, read from its metadata without loading it for execution.</summary>
    /// <returns>The configuration name, or null when the file is not a readable .NET assembly.</returns>
    public static string? OfFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            string? configuration = null;
            var optimised = true;
            foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                var attribute = reader.GetCustomAttribute(handle);
                var type = AttributeTypeName(reader, attribute);
                if (type == "AssemblyConfigurationAttribute")
                {
                    var blob = reader.GetBlobReader(attribute.Value);
                    blob.ReadUInt16(); // prolog
                    configuration = blob.ReadSerializedString();
                }
                else if (type == "DebuggableAttribute")
                {
                    var blob = reader.GetBlobReader(attribute.Value);
                    blob.ReadUInt16();
                    if (blob.RemainingBytes >= 4)
                    {
                        var modes = (DebuggableAttribute.DebuggingModes)blob.ReadInt32();
                        optimised = (modes & DebuggableAttribute.DebuggingModes.DisableOptimizations) == 0;
                    }
                }
            }

            return string.IsNullOrEmpty(configuration) ? (optimised ? "Release" : "Debug") : configuration;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? AttributeTypeName(System.Reflection.Metadata.MetadataReader reader, System.Reflection.Metadata.CustomAttribute attribute)
    {
        var constructor = attribute.Constructor;
        System.Reflection.Metadata.EntityHandle parent;
        if (constructor.Kind == System.Reflection.Metadata.HandleKind.MemberReference)
        {
            parent = reader.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)constructor).Parent;
        }
        else if (constructor.Kind == System.Reflection.Metadata.HandleKind.MethodDefinition)
        {
            parent = reader.GetMethodDefinition((System.Reflection.Metadata.MethodDefinitionHandle)constructor).GetDeclaringType();
        }
        else
        {
            return null;
        }

        return parent.Kind switch
        {
            System.Reflection.Metadata.HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)parent).Name),
            System.Reflection.Metadata.HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((System.Reflection.Metadata.TypeDefinitionHandle)parent).Name),
            _ => null,
        };
    }
}
