using Tacs.Sdk.Parameters;

namespace Tacs.Sdk.Plugins;

/// <summary>Identity and parameters of a plugin.</summary>
public sealed record PluginManifest
{
    /// <summary>Creates a manifest.</summary>
    /// <param name="id">Stable id: lower-case words separated by dots, such as <c>denoise.gaussian</c>.
    /// The last word is the short name used in chains (<c>gaussian</c>).</param>
    /// <param name="displayName">Name shown to users.</param>
    /// <param name="version">Semantic version of the plugin, such as <c>1.2.0</c>.</param>
    public PluginManifest(string id, string displayName, string version)
    {
        if (string.IsNullOrWhiteSpace(id) || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_')
            || id.StartsWith('.') || id.EndsWith('.'))
        {
            throw new ArgumentException($"Plugin id '{id}' must be lower-case letters, digits, '-', '_' and dots.", nameof(id));
        }

        Id = id;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName;
        Version = string.IsNullOrWhiteSpace(version) ? "0.0.0" : version;
    }

    /// <summary>Stable id, such as <c>denoise.gaussian</c>.</summary>
    public string Id { get; }

    /// <summary>Name shown to users.</summary>
    public string DisplayName { get; }

    /// <summary>Semantic version of the plugin.</summary>
    public string Version { get; }

    /// <summary>Author or lab.</summary>
    public string Author { get; init; } = string.Empty;

    /// <summary>One or two sentences on what the plugin does.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Parameters the plugin takes, in the order shown to users.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; init; } = [];

    /// <summary>Short name used in chains: the last dot-separated word of <see cref="Id"/>.</summary>
    public string ShortName => Id[(Id.LastIndexOf('.') + 1)..];
}
