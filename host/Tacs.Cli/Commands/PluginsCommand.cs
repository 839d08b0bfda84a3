using System.CommandLine;
using System.Globalization;
using Tacs.Host.Plugins;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs plugins list</c> and <c>tacs plugins show ID</c>.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var command = new Command("plugins", "List installed plugins and show their parameters.");
        var list = new Command("list", "List every plugin folder: loaded plugins and failures with their reason. Exits with 6 when any plugin failed, so scripts can check an installation.");
        CommandRunner.SetAction(list, (parse, _) =>
        {
            using var session = Session.Start(parse);
            return List(session.Catalog);
        });
        var id = new Argument<string>("id") { Description = "Plugin id (denoise.gaussian) or short name (gaussian)." };
        var show = new Command("show", "Show a plugin's manifest and parameters with defaults and ranges.") { id };
        CommandRunner.SetAction(show, (parse, _) =>
        {
            using var session = Session.Start(parse);
            return Show(session.Catalog, parse.GetValue(id)!);
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static int List(PluginCatalog catalog)
    {
        var records = catalog.Records;
        Console.WriteLine($"Plugins folder: {catalog.PluginsFolder}");
        if (records.Count == 0)
        {
            Console.WriteLine("No plugins. Build them (dotnet build) or copy plugin folders here.");
            return ExitCodes.Success;
        }

        var rows = records.Select(r => new[]
        {
            r.Id, r.Manifest?.ShortName ?? "-", r.Manifest?.Version ?? "-", r.Kind, r.State.ToString().ToLowerInvariant(), Path.GetFileName(r.Folder),
        }).ToList();
        Table.Print(["id", "name", "version", "kind", "state", "folder"], rows);
        foreach (var record in records.Where(r => r.Error is not null))
        {
            Console.WriteLine($"{(record.State == PluginState.Failed ? "failed" : "warning")}: {record.Id}: {record.Error}");
        }

        var failed = records.Count(r => r.State == PluginState.Failed);
        if (failed > 0)
        {
            Console.Error.WriteLine($"{failed} plugin(s) failed to load (exit code {ExitCodes.PluginsFailed}); the others work.");
            return ExitCodes.PluginsFailed;
        }

        return ExitCodes.Success;
    }

    private static int Show(PluginCatalog catalog, string name)
    {
        var instance = catalog.Resolve(name).Current;
        var manifest = instance.Manifest;
        var record = catalog.Records.First(r => r.Manifest?.Id == manifest.Id);
        Console.WriteLine($"{manifest.DisplayName} ({manifest.Id}) {manifest.Version}");
        Console.WriteLine($"  kind:        {instance.Kind}");
        Console.WriteLine($"  chain name:  {manifest.ShortName}");
        Console.WriteLine($"  author:      {manifest.Author}");
        Console.WriteLine($"  SDK:         built against {record.SdkVersion?.ToString(3) ?? "?"}");
        Console.WriteLine($"  folder:      {instance.Folder}");
        Console.WriteLine($"  loaded at:   {instance.LoadedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} (generation {instance.Generation})");
        if (manifest.Description.Length > 0)
        {
            Console.WriteLine($"  {manifest.Description}");
        }

        Console.WriteLine();
        if (manifest.Parameters.Count == 0)
        {
            Console.WriteLine("No parameters.");
            return ExitCodes.Success;
        }

        Table.Print(
            ["parameter", "type", "default", "range", "description"],
            [.. manifest.Parameters.Select(p => new[]
            {
                p.Name,
                p.Kind.ToString().ToLowerInvariant() + (p.AllowsAuto ? " | auto" : string.Empty),
                p.Default ?? "(required)",
                p.DescribeRange(),
                p.Description,
            })]);
        Console.WriteLine();
        var example = string.Join(", ", manifest.Parameters.Where(p => p.Default is not null).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Default}")));
        Console.WriteLine($"In a chain: {manifest.ShortName}({example})");
        return ExitCodes.Success;
    }
}
