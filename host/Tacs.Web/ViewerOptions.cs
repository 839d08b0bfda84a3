namespace Tacs.Web;

/// <summary>Where the viewer listens and who may use it.</summary>
public sealed record ViewerOptions
{
    /// <summary>Address to listen on, such as <c>http://127.0.0.1:5080</c> (port 0 picks a free port).</summary>
    public string Url { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Access token; required when <see cref="Url"/> is not a loopback address. Clients send it as
    /// <c>Authorization: Bearer TOKEN</c> or <c>?token=TOKEN</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Folder that raw stacks started from the page are written into.</summary>
    public string DataFolder { get; init; } = Path.GetFullPath("acquisitions");

    /// <summary>Checks that a non-loopback address has a token.</summary>
    /// <exception cref="ArgumentException">The address is reachable from other machines and no token was given, or the URL is malformed.</exception>
    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{Url}' is not an http:// address such as http://127.0.0.1:5080.");
        }

        var loopback = uri.IsLoopback || uri.Host is "localhost" or "127.0.0.1" or "[::1]";
        if (!loopback && string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException($"{Url} is reachable from other machines: give an access token (--token) so that only you can control the viewer and push frames.");
        }

        if (Token is { Length: > 0 and < 16 })
        {
            throw new ArgumentException("The access token must be at least 16 characters.");
        }
    }
}
