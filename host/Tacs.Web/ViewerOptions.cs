using System.Net;

namespace Tacs.Web;

/// <summary>Where the viewer listens and who may use it.</summary>
public sealed record ViewerOptions
{
    /// <summary>Address to listen on, such as <c>http://127.0.0.1:5080</c> (port 0 picks a free port).</summary>
    public string Url { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The secret every request must carry (16+ characters); null draws a random one at start. Required
    /// explicitly when <see cref="Url"/> is not a loopback address. Clients send it as <c>X-Tacs-Token: TOKEN</c>,
    /// <c>Authorization: Bearer TOKEN</c> or <c>?token=TOKEN</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Folder that raw stacks started from the page are written into.</summary>
    public string DataFolder { get; init; } = Path.GetFullPath("acquisitions");

    /// <summary>How long an ingest body may take before the minimum rate (<c>AcquisitionEndpoints.MinBytesPerSecond</c>)
    /// applies: a frame of B bytes must arrive within this grace plus B / 4 MiB per second, or it is answered 408.</summary>
    public TimeSpan IngestGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>True when the address is reachable from this machine only.</summary>
    public bool IsLoopback => Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");

    /// <summary>Checks the address and that a non-loopback address has a token.</summary>
    /// <exception cref="ArgumentException">The URL is malformed or not one Kestrel can listen on as meant, or the address
    /// is reachable from other machines and no token was given; the message says what to write instead.</exception>
    public void Validate()
    {
        const string Example = "such as http://127.0.0.1:5080";
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{Url}' is not an http:// address {Example}.");
        }

        if (uri.Scheme == "https")
        {
            throw new ArgumentException($"'{Url}': the viewer speaks plain http (it has no certificate); give an http:// address {Example}.");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"'{Url}': give only scheme, address and port, {Example}, without a path, query or user name.");
        }

        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) && uri.Host != "localhost")
        {
            // Kestrel would listen on every interface for a host name, which is not what the name suggests.
            throw new ArgumentException($"'{Url}': give an IP address of this machine (127.0.0.1, ::1, or 0.0.0.0 for all interfaces) or localhost, not the host name '{uri.Host}'.");
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && ip.IsIPv4MappedToIPv6)
        {
            throw new ArgumentException($"'{Url}' is an IPv4 address written as IPv6, which cannot be listened on: write http://{ip.MapToIPv4()}:{uri.Port} instead.");
        }

        if (!IsLoopback && string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException($"{Url} is reachable from other machines: give an access token (--token) so that only you can control the viewer and push frames.");
        }

        if (Token is { } token && (token.Length < 16 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException("The access token must be at least 16 characters, without spaces or control characters.");
        }
    }
}
