namespace Tacs.Host.Imaging;

/// <summary>
/// The file as LibTiff sees it: the bytes on disk, except that the tag number of each directory entry tacs
/// decided to hide (a damaged or oversized metadata field) reads as 0, which LibTiff skips. So a field that
/// would make LibTiff allocate gigabytes is left out instead of costing the whole page. Read-only.
/// </summary>
internal sealed class TiffOverlayStream(FileStream inner) : Stream
{
    private readonly SortedSet<long> _hidden = [];

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    /// <summary>Hides the directory entry that starts at <paramref name="entryAt"/>.</summary>
    public void Hide(long entryAt) => _hidden.Add(entryAt);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var start = inner.Position;
        var read = inner.Read(buffer, offset, count);
        if (read > 0 && _hidden.Count > 0)
        {
            // An entry's tag is its first two bytes; clear those that fall inside what was read.
            foreach (var at in _hidden.GetViewBetween(start - 1, start + read))
            {
                for (var b = Math.Max(at, start); b < Math.Min(at + 2, start + read); b++)
                {
                    buffer[offset + (int)(b - start)] = 0;
                }
            }
        }

        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
