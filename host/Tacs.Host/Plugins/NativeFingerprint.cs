namespace Tacs.Host.Plugins;

/// <summary>
/// Names, sizes and times of the native libraries in a plugin folder. Native libraries cannot be unloaded,
/// so a change among them needs a restart; comparing fingerprints tells the user so.
/// </summary>
internal sealed record NativeFingerprint(IReadOnlyDictionary<string, (long Size, DateTime Written)> Files)
{
    private static readonly string[] Patterns = ["*.so", "*.so.*", "*.dylib"];

    public static NativeFingerprint Of(string folder)
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var pattern in Patterns)
        {
            foreach (var path in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
            {
                var info = new FileInfo(path);
                files[Path.GetRelativePath(folder, path)] = (info.Length, info.LastWriteTimeUtc);
            }
        }

        return new NativeFingerprint(files);
    }

    /// <summary>Relative paths of native libraries added, removed or changed since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> ChangedSince(NativeFingerprint before) =>
        [.. Files.Keys.Union(before.Files.Keys)
            .Where(k => !Files.TryGetValue(k, out var now) || !before.Files.TryGetValue(k, out var then) || now != then)
            .Order(StringComparer.Ordinal)];
}
