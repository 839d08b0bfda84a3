namespace Tacs.Torch.Tests.Support;

/// <summary>Paths of the repository and its build outputs.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The tacs build of the tests' own configuration: artifacts/tacs (Release) or artifacts/tacs-debug.</summary>
    public static string AppFolder { get; } = Path.GetFullPath(System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(Repo).Assembly).First(a => a.Key == "TacsAppDir").Value!);

    public static string Plugin(string name) => Path.Combine(AppFolder, "plugins", name);

    public static string TestPlugin(string project) => Path.Combine(Root, "artifacts", "testplugins", project);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run from inside the repository.");
    }
}
