using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace Tacs.Host.Imaging;

/// <summary>
/// Collects LibTiff's error and warning messages per thread instead of letting them go to the console,
/// so they can be put into the exception the user sees.
/// </summary>
internal sealed class TiffErrors : TiffErrorHandler
{
    [ThreadStatic]
    private static List<string>? _messages;

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

    /// <summary>Messages since the last call, joined; empty when there were none.</summary>
    public static string Take()
    {
        var messages = _messages;
        if (messages is null || messages.Count == 0)
        {
            return string.Empty;
        }

        var text = string.Join("; ", messages.Distinct());
        messages.Clear();
        return text;
    }

    public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) => Add(format, args);

    public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
    {
        // LibTiff warns about unknown tags, which many microscopes write; those are harmless.
    }

    public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
    {
    }

    private static void Add(string format, object[] args)
    {
        _messages ??= [];
        string text;
        try
        {
            text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        }
        catch (FormatException)
        {
            text = format;
        }

        if (_messages.Count < 20)
        {
            _messages.Add(text);
        }
    }
}
