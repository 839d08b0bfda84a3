using System.CommandLine;
using Serilog;
using Serilog.Events;
using Tacs.Host.Plugins;

namespace Tacs.Cli;

/// <summary>Logger and plugins for one command.</summary>
internal sealed class Session : IDisposable
{
    private Session(ILogger log, PluginCatalog catalog)
    {
        Log = log;
        Catalog = catalog;
    }

    public ILogger Log { get; }

    public PluginCatalog Catalog { get; }

    public static Session Start(ParseResult parse, bool hotSwap = false)
    {
        var log = CreateLogger(parse);
        var folder = parse.GetValue(GlobalOptions.Plugins) is { Length: > 0 } given ? Path.GetFullPath(given) : PluginHostOptions.DefaultPluginsFolder();
        var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = folder, ModelsFolder = GlobalOptions.ModelsFolder(parse), HotSwap = hotSwap }, log);
        catalog.LoadAll();
        return new Session(log, catalog);
    }

    public static ILogger CreateLogger(ParseResult parse)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(parse.GetValue(GlobalOptions.Verbose) ? LogEventLevel.Debug : LogEventLevel.Information)
            .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose, outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        if (parse.GetValue(GlobalOptions.LogFile) is { Length: > 0 } file)
        {
            config = config.WriteTo.File(file, outputTemplate: "{Timestamp:O} {Level:u3} [{Plugin}] {Message:lj}{NewLine}{Exception}");
        }

        return config.CreateLogger();
    }

    public void Dispose()
    {
        Catalog.Dispose();
        (Log as IDisposable)?.Dispose();
    }
}
