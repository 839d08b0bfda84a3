using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace Tacs.Host.Imaging;

/// <summary>One message from LibTiff.</summary>
internal sealed record TiffMessage(bool IsError, string Text, string Format, object[] Args)
{
    /// <summary>LibTiff warns about tags it does not know, which many microscopes write; those are harmless.</summary>
    public bool IsUnknownTag => Format.Contains("unknown field", StringComparison.OrdinalIgnoreCase)
        || Format.Contains("unknown tag", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes a decoder said it was short ("Not enough data at scanline N (short M bytes)"), or null.</summary>
    public long? ShortBytes => Format.Contains("Not enough data", StringComparison.Ordinal) && Args.Length > 0
        && long.TryParse(Convert.ToString(Args[^1], CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>
/// Collects LibTiff's error and warning messages per thread instead of letting them go to the console,
/// so the reader can put errors into the exception the user sees, detect decoders that ran short of data,
/// and pass warnings on to the log.
/// </summary>
internal sealed class TiffErrors : TiffErrorHandler
{
    private const int MaxKept = 50;

    [ThreadStatic]
    private static List<TiffMessage>? _messages;

    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                Tiff.SetErrorHandler(new TiffErrors());
                _installed = true;
            }
        }
    }

    /// <summary>Messages since the last call; empty when there were none.</summary>
    public static IReadOnlyList<TiffMessage> TakeAll()
    {
        var messages = _messages;
        if (messages is null || messages.Count == 0)
        {
            return [];
        }

        var taken = messages.ToList();
        messages.Clear();
        return taken;
    }

    /// <summary>Messages since the last call, joined; empty when there were none.</summary>
    public static string Take() => string.Join("; ", TakeAll().Select(m => m.Text).Distinct());

    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) => Add(true, format, args);

    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    public override void WarningHandler(Tiff tif, string method, string format, params object[] args) => Add(false, format, args);

    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    private static void Add(bool error, string format, object[] args)
    {
        _messages ??= [];
        if (_messages.Count >= MaxKept)
        {
            return;
        }

        string text;
        try
        {
            text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            text = format;
        }

        // A damaged file can make LibTiff quote kilobytes of junk; a message stays one readable line.
        _messages.Add(new TiffMessage(error, text.Length > 300 ? text[..300] + "…" : text, format, args));
    }
}
