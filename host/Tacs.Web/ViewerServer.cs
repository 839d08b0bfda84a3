using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Web;

/// <summary>
/// The live viewer (<c>tacs serve</c>): a page with raw and processed frames, counters, plugins and a chain
/// editor, and a JSON API that the page and other programs use, including <c>POST /api/ingest</c> for frames
/// pushed by acquisition software.
/// </summary>
public static class ViewerServer
{
    /// <summary>Builds the web application (not started).</summary>
    /// <param name="options">Address and token.</param>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="pipeline">The live pipeline the viewer controls.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="ViewerOptions.Validate"/>).</exception>
    public static WebApplication Create(ViewerOptions options, PluginCatalog catalog, LivePipeline pipeline)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // JSON requests are small; the ingest endpoint raises the limit to its frame's exact size per request.
            kestrel.Limits.MaxRequestBodySize = SmallBodyBytes;
            // What Kestrel buffers per connection ahead of the application (1 MiB by default): with a thousand
            // connections waiting for an ingest place that would be 1 GB.
            kestrel.Limits.MaxRequestBufferSize = 64 * 1024;
            kestrel.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        var app = builder.Build();
        var state = new ViewerState(catalog, pipeline, options, options.Token ?? NewSecret());
        States.Add(app, state);
        ViewerGuard.Use(app, state);

        app.MapGet("/", () => Results.Text(Page(state.Secret), "text/html; charset=utf-8"));
        app.MapGet("/api/status", () => Results.Json(Status(state)));
        app.MapGet("/api/plugins", () => Results.Json(Plugins(catalog)));
        app.MapGet("/api/frames/{which}.png", (string which, float? low, float? high, int? max) => Frame(state, which, low, high, max));
        app.MapPost("/api/chain", (ChainRequest request) => SetChain(state, request));
        AcquisitionEndpoints.Map(app, state);
        StackEndpoints.Map(app);
        return app;
    }

    /// <summary>The largest body of a request other than ingest.</summary>
    public const long SmallBodyBytes = 1024 * 1024;

    /// <summary>The per-run secret that the page and every client must present.</summary>
    /// <param name="app">An application made by <see cref="Create"/>.</param>
    public static string Secret(WebApplication app) => StateOf(app).Secret;

    /// <summary>The address to open the page at: the server's address with the secret.</summary>
    /// <param name="app">A started application.</param>
    public static string PageAddress(WebApplication app) => $"{Address(app)}/?token={Uri.EscapeDataString(Secret(app))}";

    private static ViewerState StateOf(WebApplication app) => States.GetValue(app, _ => throw new ArgumentException("Not a viewer application."));

    // 32 random bytes as hex: unguessable, and safe in a header, a query and a file.
    private static string NewSecret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static string? _pageTemplate;

    // The page carries the secret in a meta element, which only a same-origin script can read.
    private static string Page(string secret)
    {
        if (_pageTemplate is null)
        {
            using var reader = new StreamReader(typeof(ViewerServer).Assembly.GetManifestResourceStream("wwwroot/index.html")!);
            _pageTemplate = reader.ReadToEnd();
        }

        return _pageTemplate.Replace("{{TACS_TOKEN}}", System.Net.WebUtility.HtmlEncode(secret), StringComparison.Ordinal);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebApplication, ViewerState> States = [];

    /// <summary>Sets the chain used when an acquisition is started from the page.</summary>
    /// <param name="app">An application made by <see cref="Create"/>.</param>
    /// <param name="chain">The chain (already validated by the caller).</param>
    public static void SetInitialChain(WebApplication app, ChainSpec chain) => StateOf(app).Chain = chain;

    /// <summary>The address the started server listens on (with the real port when port 0 was asked).</summary>
    /// <param name="app">A started application.</param>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static object Status(ViewerState state)
    {
        var raw = state.Pipeline.LatestRaw;
        var processed = state.Pipeline.LatestProcessed;
        return new
        {
            live = state.Pipeline.Status(),
            running = state.Pipeline.IsRunning,
            finishing = state.Finishing,
            chain = state.Chain?.ToString() ?? string.Empty,
            latestRaw = raw is null ? null : new { index = raw.Metadata.FrameIndex, raw.Width, raw.Height, bitDepth = raw.SourceBitDepth },
            latestProcessed = processed is null ? null : new
            {
                index = processed.Metadata.FrameIndex,
                provenance = processed.Provenance.Select(p => p.ToString()).ToArray(),
                marks = processed.Metadata.Values.Where(v => v.Key.StartsWith("tacs.step", StringComparison.Ordinal)).ToDictionary(),
                mean = processed.Pixels.Average(),
            },
            plugins = Plugins(state.Catalog),
            // The server's own memory, so that a client (and the ingest tests) can see it stays bounded.
            server = new { workingSetBytes = Environment.WorkingSet, gcHeapBytes = GC.GetTotalMemory(forceFullCollection: false) },
        };
    }

    private static object[] Plugins(PluginCatalog catalog) =>
        [.. catalog.Records.Select(r => new
        {
            r.Id,
            name = r.Manifest?.DisplayName,
            shortName = r.Manifest?.ShortName,
            version = r.Manifest?.Version,
            r.Kind,
            state = r.State.ToString().ToLowerInvariant(),
            r.Error,
            folder = Path.GetFileName(r.Folder),
            r.Generation,
            loadedAt = r.LoadedAt,
            parameters = r.Manifest?.Parameters.Select(p => new
            {
                p.Name,
                kind = p.Kind.ToString().ToLowerInvariant(),
                @default = p.Default,
                minimum = p.Minimum,
                maximum = p.Maximum,
                p.Unit,
                p.Choices,
                p.AllowsAuto,
                p.Description,
            }).ToArray() ?? [],
        })];

    private static IResult Frame(ViewerState state, string which, float? low, float? high, int? max)
    {
        var frame = which switch
        {
            "raw" => state.Pipeline.LatestRaw,
            "processed" => state.Pipeline.LatestProcessed,
            _ => null,
        };
        if (frame is null)
        {
            return Results.NotFound(new { error = which is "raw" or "processed" ? $"No {which} frame yet." : $"Unknown frame '{which}': use raw or processed." });
        }

        var (png, lo, hi) = FrameRenderer.Render(frame, low, high, Math.Clamp(max ?? 1024, 64, 4096));
        return new PngResult(png, lo, hi);
    }

    private static IResult SetChain(ViewerState state, ChainRequest request)
    {
        try
        {
            var spec = string.IsNullOrWhiteSpace(request.Chain) ? null : ChainSpec.Parse(request.Chain);
            if (state.Pipeline.IsRunning)
            {
                state.Pipeline.ReplaceChain(spec);
            }
            else if (spec is not null)
            {
                ChainBuilder.Build(spec, state.Catalog, Serilog.Log.Logger);
            }

            state.Chain = spec;
            return Results.Json(new { chain = spec?.ToString() ?? string.Empty });
        }
        catch (ChainException ex)
        {
            return Results.BadRequest(new { error = ex.Message });
        }
    }

    private sealed class PngResult(byte[] png, float low, float high) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "image/png";
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers["X-Display-Low"] = low.ToString("R", CultureInfo.InvariantCulture);
            httpContext.Response.Headers["X-Display-High"] = high.ToString("R", CultureInfo.InvariantCulture);
            await httpContext.Response.Body.WriteAsync(png);
        }
    }
}
