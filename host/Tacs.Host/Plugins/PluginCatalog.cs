using Serilog;
using Tacs.Host.Logging;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Plugins;

/// <summary>
/// The plugins of one host: discovers <c>plugins/&lt;Name&gt;/</c> folders, loads each into its own load
/// context, keeps a record of every success and failure, and (with hot swap on) reloads a folder whose
/// files change, swapping the new version into running chains between two frames.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    private readonly PluginHostOptions _options;
    private readonly ILogger _log;
    private readonly SharedAssemblies _shared;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FolderEntry> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginSlot> _slots = new(StringComparer.Ordinal);
    private readonly List<WeakReference> _retiredContexts = [];
    private PluginWatcher? _watcher;

    /// <summary>Creates an empty catalog; call <see cref="LoadAll"/>.</summary>
    /// <param name="options">Host settings.</param>
    /// <param name="log">Where to log.</param>
    public PluginCatalog(PluginHostOptions options, ILogger log)
    {
        _options = options;
        _log = log.ForContext<PluginCatalog>();
        _shared = new SharedAssemblies(options.SharedAssemblies);
    }

    /// <summary>Raised after a plugin folder was loaded, reloaded or failed.</summary>
    public event EventHandler<string>? FolderChanged;

    /// <summary>The models folder handed to plugin providers.</summary>
    public string ModelsFolder => _options.ModelsFolder;

    /// <summary>The plugins folder.</summary>
    public string PluginsFolder => _options.PluginsFolder;

    /// <summary>Every plugin and failed folder, sorted by id.</summary>
    public IReadOnlyList<PluginRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _folders.Values.SelectMany(f => f.Records).OrderBy(r => r.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Loaded plugins only.</summary>
    public IReadOnlyList<PluginSlot> Slots
    {
        get
        {
            lock (_gate)
            {
                return [.. _slots.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Load contexts of replaced versions, for checking that they were collected.</summary>
    internal IReadOnlyList<WeakReference> RetiredContexts
    {
        get
        {
            lock (_gate)
            {
                return [.. _retiredContexts];
            }
        }
    }

    /// <summary>Loads every plugin folder. Failures are recorded, never thrown.</summary>
    public void LoadAll()
    {
        if (!Directory.Exists(_options.PluginsFolder))
        {
            _log.Warning("Plugins folder {Folder} does not exist: no plugins loaded. Build the plugins or pass --plugins DIR", _options.PluginsFolder);
        }
        else
        {
            // Shipped plugins first, so that a lab plugin reusing one of their ids is the one refused.
            foreach (var folder in Directory.GetDirectories(_options.PluginsFolder).OrderBy(f => IsShipped(f) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal))
            {
                LoadFolder(folder);
            }
        }

        if (_options.HotSwap && Directory.Exists(_options.PluginsFolder))
        {
            _watcher ??= new PluginWatcher(_options.PluginsFolder, _options.ReloadDebounce, ReloadFolder, _log);
        }
    }

    /// <summary>Finds a loaded plugin by id (<c>denoise.gaussian</c>) or short name (<c>gaussian</c>).</summary>
    /// <param name="name">Id or short name, case-insensitive.</param>
    /// <exception cref="KeyNotFoundException">No such plugin, it failed to load, or the short name is ambiguous; the message lists what is installed.</exception>
    public PluginSlot Resolve(string name)
    {
        lock (_gate)
        {
            var exact = _slots.Values.FirstOrDefault(s => s.Id.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return exact;
            }

            var byShort = _slots.Values.Where(s => s.Current.Manifest.ShortName.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byShort.Count == 1)
            {
                return byShort[0];
            }

            if (byShort.Count > 1)
            {
                var candidates = byShort.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => $"{s.Id} {s.Current.Manifest.Version} (folder {Path.GetFileName(s.Current.Folder)})");
                throw new KeyNotFoundException(
                    $"'{name}' is ambiguous: it is the short name of {string.Join(" and ", candidates)}. " +
                    $"Write the full id instead, for example {byShort.Select(s => s.Id).Order(StringComparer.Ordinal).First()}(...).");
            }

            var failed = _folders.Values.SelectMany(f => f.Records)
                .FirstOrDefault(r => r.State == PluginState.Failed &&
                    (r.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || (r.Manifest?.ShortName.Equals(name, StringComparison.OrdinalIgnoreCase) ?? false)));
            if (failed is not null)
            {
                throw new KeyNotFoundException($"Plugin '{name}' failed to load: {failed.Error}");
            }

            var installed = _slots.Count == 0
                ? $"no plugins are loaded from {_options.PluginsFolder}"
                : "installed: " + string.Join(", ", _slots.Values.OrderBy(s => s.Id).Select(s => $"{s.Current.Manifest.ShortName} ({s.Id})"));
            throw new KeyNotFoundException($"No plugin named '{name}' ({installed}). See 'tacs plugins list'.");
        }
    }

    /// <summary>Stops watching the folder.</summary>
    public void Dispose() => _watcher?.Dispose();

    /// <summary>Loads or reloads one plugin folder (called by the watcher after files changed).</summary>
    internal void ReloadFolder(string folder)
    {
        try
        {
            LoadFolder(folder);
        }
        catch (Exception ex)
        {
            // A reload must never take the host down.
            _log.Error(ex, "Reloading {Folder} failed", folder);
        }
    }

    private void LoadFolder(string folder)
    {
        lock (_gate)
        {
            _folders.TryGetValue(folder, out var previous);
            if (!Directory.Exists(folder))
            {
                if (previous is not null)
                {
                    _log.Warning("Plugin folder {Folder} was removed; running chains keep the last version until they end", folder);
                    _folders.Remove(folder);
                    foreach (var slot in _slots.Values.Where(s => s.Current.Folder == folder).ToList())
                    {
                        _slots.Remove(slot.Id);
                    }
                }

                return;
            }

            PluginPackage package;
            try
            {
                var info = PluginInspector.Inspect(folder);
                package = PluginPackage.Load(folder, info, _shared, name => new PluginProviderContext(_options.ModelsFolder, new SerilogPluginLogger(_log, name)));
            }
            catch (PluginLoadException ex)
            {
                RecordFailure(folder, previous, ex.Message);
                return;
            }

            var entry = new FolderEntry(package);
            var generation = (previous?.Generation ?? 0) + 1;
            var nativeChanges = previous?.Package is { } old ? package.Natives.ChangedSince(old.Natives) : [];
            var warning = nativeChanges.Count > 0
                ? $"Native libraries changed ({string.Join(", ", nativeChanges.Take(3))}): native code cannot be unloaded, restart tacs to use the new native code."
                : null;
            foreach (var wrapper in package.Warnings)
            {
                warning = warning is null ? wrapper : warning + " " + wrapper;
            }

            if (warning is not null)
            {
                _log.Warning("{Folder}: {Warning}", Path.GetFileName(folder), warning);
            }

            foreach (var (typeName, error) in package.Failures)
            {
                entry.Records.Add(new PluginRecord(folder, PluginState.Failed, null, "unknown", package.Info.SdkVersion, error, DateTimeOffset.UtcNow, generation));
                _log.Error("Plugin {Type} in {Folder} failed: {Error}", typeName, Path.GetFileName(folder), error);
            }

            foreach (var plugin in package.Plugins)
            {
                AddPlugin(entry, plugin, folder, generation, warning);
            }

            entry.Generation = generation;
            _folders[folder] = entry;
            if (previous?.Package is { } retired)
            {
                retired.Unload();
                _retiredContexts.Add(new WeakReference(retired.Context));
            }
        }

        FolderChanged?.Invoke(this, folder);
    }

    private void AddPlugin(FolderEntry entry, IPlugin plugin, string folder, int generation, string? warning)
    {
        var manifest = plugin.Manifest;
        var instance = new PluginInstance(plugin, manifest, folder, generation);
        // The plugin already running under this id (shipped, or loaded first) keeps running; this one is refused.
        if (_slots.TryGetValue(manifest.Id, out var existing) && existing.Current.Folder != folder)
        {
            var running = existing.Current;
            var reason = $"Duplicate id '{manifest.Id}': {Path.GetFileName(running.Folder)} ({running.Manifest.Version}) already provides it, " +
                $"so this copy in {Path.GetFileName(folder)} is not used. Give this plugin an id of its own (such as lab.{manifest.ShortName}).";
            entry.Records.Add(Record(instance, PluginState.Failed, reason, entry.Package?.Info.SdkVersion));
            if (_folders.TryGetValue(running.Folder, out var runningEntry))
            {
                for (var i = 0; i < runningEntry.Records.Count; i++)
                {
                    if (runningEntry.Records[i] is { State: PluginState.Loaded, Error: null } record && record.Manifest?.Id == manifest.Id)
                    {
                        runningEntry.Records[i] = record with { Error = $"Also claimed by {Path.GetFileName(folder)}, which was refused; this one runs." };
                    }
                }
            }

            _log.Error("{Reason}", reason);
            return;
        }

        if (existing is not null)
        {
            existing.Swap(instance);
            _log.Information("Swapped in {Id} {Version} (generation {Generation})", manifest.Id, manifest.Version, generation);
        }
        else
        {
            _slots[manifest.Id] = new PluginSlot(instance);
            _log.Debug("Loaded {Id} {Version} from {Folder}", manifest.Id, manifest.Version, Path.GetFileName(folder));
        }

        entry.Records.Add(Record(instance, PluginState.Loaded, warning ?? BadDefault(instance), entry.Package?.Info.SdkVersion));
    }

    private static bool IsShipped(string folder)
    {
        try
        {
            return PluginInspector.Inspect(folder).Shipped;
        }
        catch (PluginLoadException)
        {
            return false;
        }
    }

    private static PluginRecord Record(PluginInstance instance, PluginState state, string? error, Version? sdkVersion) =>
        new(instance.Folder, state, instance.Manifest, instance.Kind, sdkVersion, error, instance.LoadedAt, instance.Generation);

    // A manifest whose own defaults do not validate is a plugin bug worth showing at load time.
    private string? BadDefault(PluginInstance instance)
    {
        foreach (var spec in instance.Manifest.Parameters.Where(p => p.Default is not null && p.Kind != Sdk.Parameters.ParameterKind.FilePath))
        {
            try
            {
                spec.Parse(spec.Default!);
            }
            catch (Sdk.Parameters.ParameterException ex)
            {
                _log.Warning("{Id}: bad default in manifest: {Message}", instance.Manifest.Id, ex.Message);
                return "Bad default in manifest: " + ex.Message;
            }
        }

        return null;
    }

    private void RecordFailure(string folder, FolderEntry? previous, string reason)
    {
        if (previous?.Package is not null && previous.Records.Any(r => r.State == PluginState.Loaded))
        {
            // Keep the working version: a half-copied or broken update must not stop a running acquisition.
            for (var i = 0; i < previous.Records.Count; i++)
            {
                var record = previous.Records[i];
                previous.Records[i] = record with { Error = $"Reload failed, still running version {record.Manifest?.Version}: {reason}" };
            }

            _log.Error("Reloading {Folder} failed, keeping the running version: {Reason}", Path.GetFileName(folder), reason);
            return;
        }

        var entry = new FolderEntry(null) { Generation = (previous?.Generation ?? 0) + 1 };
        entry.Records.Add(new PluginRecord(folder, PluginState.Failed, null, "unknown", null, reason, DateTimeOffset.UtcNow, entry.Generation));
        _folders[folder] = entry;
        _log.Error("Plugin folder {Folder} failed: {Reason}", Path.GetFileName(folder), reason);
    }

    private sealed class FolderEntry(PluginPackage? package)
    {
        public PluginPackage? Package { get; } = package;

        public List<PluginRecord> Records { get; } = [];

        public int Generation { get; set; }
    }
}
