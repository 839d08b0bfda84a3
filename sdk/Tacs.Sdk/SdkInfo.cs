namespace Tacs.Sdk;

/// <summary>Version of this SDK. A plugin records the SDK version it was compiled against in its
/// assembly reference; the host refuses plugins built for a newer minor or another major version.</summary>
public static class SdkInfo
{
    /// <summary>The SDK version as compiled into the assembly.</summary>
    public static Version Version { get; } = typeof(SdkInfo).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>True when a plugin compiled against <paramref name="builtAgainst"/> can run on this SDK:
    /// same major version and a minor version not newer than this one.</summary>
    /// <param name="builtAgainst">The SDK version the plugin references.</param>
    public static bool CanLoad(Version builtAgainst)
    {
        ArgumentNullException.ThrowIfNull(builtAgainst);
        return builtAgainst.Major == Version.Major && builtAgainst.Minor <= Version.Minor;
    }
}
