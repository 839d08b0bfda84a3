namespace Tacs.Bench;

/// <summary>Paths in the repository and the shared data folder beside it.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PluginsFolder => Path.Combine(Root, "artifacts", "tacs", "plugins");

    /// <summary>The shared data folder (../shared/data from the repository root).</summary>
    public static string SharedData(string sub)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", sub));
        return Directory.Exists(path) || File.Exists(path)
            ? path
            : throw new DirectoryNotFoundException($"{path} is missing: the benchmark needs the shared data folder next to the repository (see ../shared/data/README.md).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                return dir.FullName;
            }
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run tacs-bench from inside the repository.");
    }
}
