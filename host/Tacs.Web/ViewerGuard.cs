using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tacs.Web;

/// <summary>
/// Who may talk to the viewer. Listening on loopback keeps other machines out, but not web pages: any site open in
/// the user's browser can send requests to 127.0.0.1, and a site whose DNS name is re-pointed at 127.0.0.1 (DNS
/// rebinding) can even read the answers. So every request must carry the per-run secret, the Host must be this
/// server's loopback address and port, a present Origin must be this server, and no page may frame the viewer.
/// </summary>
internal static class ViewerGuard
{
    /// <summary>The header ingest clients and the page send the secret in.</summary>
    public const string TokenHeader = "X-Tacs-Token";

    private static readonly string[] LoopbackNames = ["127.0.0.1", "localhost", "[::1]", "::1"];

    // Inline script and style are the page's own (it is one file); nothing may frame it, and it loads nothing from
    // elsewhere. Frames are fetched with the secret and shown from blob: URLs.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The cookie that lets the page be reloaded without the token in its address. It is sent with the
    /// page's own navigations only (SameSite=Strict) and is accepted for the page only, never by the API.</summary>
    public static string CookieName(int port) => $"tacs-token-{port}";

    /// <summary>Puts the guard in front of every endpoint.</summary>
    public static void Use(WebApplication app, ViewerState state) =>
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            response.Headers.XFrameOptions = "DENY";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
            response.Headers["Cross-Origin-Opener-Policy"] = "same-origin";
            response.Headers.CacheControl = "no-store"; // the page holds the secret; the API's answers are live state
            if (Refusal(context, state) is { } refusal)
            {
                response.StatusCode = refusal.Status;
                await response.WriteAsJsonAsync(new { error = refusal.Reason });
                return;
            }

            await next(context);
        });

    private static (int Status, string Reason)? Refusal(HttpContext context, ViewerState state)
    {
        var request = context.Request;
        var port = context.Connection.LocalPort;
        var host = request.Host;
        if (state.Options.IsLoopback
            && (!host.HasValue || !LoopbackNames.Contains(host.Host, StringComparer.OrdinalIgnoreCase) || (host.Port ?? 80) != port))
        {
            return (StatusCodes.Status403Forbidden,
                $"Host '{host}' is not this viewer's address, so the request is refused: a web page may be reaching it through a DNS name " +
                $"that points here (DNS rebinding). Open http://127.0.0.1:{port}/ instead.");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{host}", StringComparison.OrdinalIgnoreCase))
        {
            return (StatusCodes.Status403Forbidden,
                $"Requests from other web pages are refused: Origin '{origin}' is not this viewer ({request.Scheme}://{host}).");
        }

        var isPage = HttpMethods.IsGet(request.Method) && request.Path == "/";
        var presented = PresentedToken(request, isPage ? CookieName(port) : null);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(state.Secret)))
        {
            return (StatusCodes.Status401Unauthorized,
                $"The viewer's access token is {(presented is null ? "missing" : "wrong")}: open the address that tacs serve printed (it ends in ?token=...), " +
                $"or send the header {TokenHeader}: TOKEN (or Authorization: Bearer TOKEN).");
        }

        if (isPage && request.Query.ContainsKey("token"))
        {
            context.Response.Cookies.Append(CookieName(port), state.Secret, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
        }

        return null;
    }

    private static string? PresentedToken(HttpRequest request, string? pageCookie)
    {
        if (request.Headers[TokenHeader] is [{ Length: > 0 } header])
        {
            return header;
        }

        if (request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return authorization[7..];
        }

        if (request.Query["token"] is [{ Length: > 0 } query])
        {
            return query;
        }

        return pageCookie is not null && request.Cookies.TryGetValue(pageCookie, out var cookie) ? cookie : null;
    }
}
