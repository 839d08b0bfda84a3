using Serilog;

namespace Tacs.Host.Plugins;

/// <summary>Watches the plugins folder and calls back once per changed plugin folder after a quiet period,
/// so that a folder being copied file by file is reloaded once, when the copy is done.</summary>
internal sealed class PluginWatcher : IDisposable
{
    private readonly string _root;
    private readonly TimeSpan _debounce;
    private readonly Action<string> _reload;
    private readonly ILogger _log;
    private readonly FileSystemWatcher _watcher;
    private readonly Dictionary<string, Timer> _pending = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lock _reloadGate = new();
    private bool _disposed;

    public PluginWatcher(string root, TimeSpan debounce, Action<string> reload, ILogger log)
    {
        _root = Path.GetFullPath(root);
        _debounce = debounce;
        _reload = reload;
        _log = log;
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += (s, e) =>
        {
            OnEvent(s, e);
            Schedule(e.OldFullPath);
        };
        _watcher.Error += (_, e) => _log.Warning(e.GetException(), "Plugin folder watcher error; changes may be missed");
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watcher.Dispose();
            foreach (var timer in _pending.Values)
            {
                timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => Schedule(e.FullPath);

    private void Schedule(string path)
    {
        var relative = Path.GetRelativePath(_root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative == ".")
        {
            return;
        }

        var folder = Path.Combine(_root, relative.Split(Path.DirectorySeparatorChar)[0]);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_pending.TryGetValue(folder, out var timer))
            {
                timer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _pending[folder] = new Timer(_ => Fire(folder), null, _debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Fire(string folder)
    {
        lock (_gate)
        {
            if (_disposed || !_pending.Remove(folder, out var timer))
            {
                return;
            }

            timer.Dispose();
        }

        _log.Information("Change detected in {Folder}; reloading", Path.GetFileName(folder));
        lock (_reloadGate)
        {
            _reload(folder);
        }
    }
}
