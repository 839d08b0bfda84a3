using Serilog;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>
/// Keeps the record of frames leaving the chain: how many frames each plugin version processed (a hot swap
/// shows as two versions), and, when asked, a TIFF stack of those frames, each page with its provenance and
/// frame index. Frames are written on the last step's thread under a lock (stages of a replaced chain may
/// still be finishing); a slow disk slows that step, which then skips frames, and never touches raw saving.
/// </summary>
internal sealed class ProcessedRecorder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _byVersion = new(StringComparer.Ordinal);
    private readonly Action<string> _reportError;
    private readonly ILogger _log;
    private TiffStackWriter? _writer;
    private long _saved;

    public ProcessedRecorder(string? path, TiffCompression compression, Action<string> reportError, ILogger log)
    {
        _reportError = reportError;
        _log = log;
        if (path is not null)
        {
            _writer = new TiffStackWriter(path, pageCount: null, new TiffWriteOptions { Compression = compression });
            FilePath = _writer.FilePath;
        }
    }

    public string? FilePath { get; }

    public long Saved => Interlocked.Read(ref _saved);

    public void Record(ImageFrame frame)
    {
        lock (_gate)
        {
            // Every step that did its work on the frame; a failed step left a "failed" note instead.
            foreach (var entry in frame.Provenance.Where(p => !p.Notes.ContainsKey("failed")))
            {
                var key = $"{entry.PluginId} {entry.PluginVersion}";
                _byVersion[key] = _byVersion.GetValueOrDefault(key) + 1;
            }

            if (_writer is null)
            {
                return;
            }

            try
            {
                _writer.Write(frame);
                Interlocked.Increment(ref _saved);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _log.Error("Live: saving processed frame {Index} failed: {Message}", frame.Metadata.FrameIndex, ex.Message);
                _reportError($"saving processed frame {frame.Metadata.FrameIndex} failed: {ex.Message}");
            }
        }
    }

    public Dictionary<string, long> VersionCounts()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_byVersion, StringComparer.Ordinal);
        }
    }

    /// <summary>Moves the processed stack into place (called once every stage has drained).</summary>
    public void Complete(bool overwrite)
    {
        lock (_gate)
        {
            if (_writer is null)
            {
                return;
            }

            if (_writer.PagesWritten > 0)
            {
                _writer.Complete(overwrite);
            }

            _writer.Dispose();
            _writer = null;
        }
    }
}
