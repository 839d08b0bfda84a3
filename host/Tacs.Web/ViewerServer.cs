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
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        var app = builder.Build();
        var state = new ViewerState(catalog, pipeline, options);
        States.Add(app, state);
        if (options.Token is { } token)
        {
            app.Use(async (context, next) =>
            {
                var given = context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
                    ? header[7..]
                    : context.Request.Query["token"].ToString();
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(token)))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsJsonAsync(new { error = "An access token is required: open the page as /?token=TOKEN, or send Authorization: Bearer TOKEN." });
                    return;
                }

                await next(context);
            });
        }

        app.MapGet("/", () => Results.Stream(typeof(ViewerServer).Assembly.GetManifestResourceStream("wwwroot/index.html")!, "text/html; charset=utf-8"));
        app.MapGet("/api/status", () => Results.Json(Status(state)));
        app.MapGet("/api/plugins", () => Results.Json(Plugins(catalog)));
        app.MapGet("/api/frames/{which}.png", (string which, float? low, float? high, int? max) => Frame(state, which, low, high, max));
        app.MapPost("/api/chain", (ChainRequest request) => SetChain(state, request));
        app.MapPost("/api/acquisition/start", (StartRequest request) => Start(state, request));
        app.MapPost("/api/acquisition/stop", async () => Results.Json(await pipeline.StopAsync()));
        app.MapPost("/api/ingest", async (HttpRequest request, CancellationToken cancellation) => await Ingest(state, request, cancellation));
        return app;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebApplication, ViewerState> States = [];

    /// <summary>Sets the chain used when an acquisition is started from the page.</summary>
    /// <param name="app">An application made by <see cref="Create"/>.</param>
    /// <param name="chain">The chain (already validated by the caller).</param>
    public static void SetInitialChain(WebApplication app, ChainSpec chain) => States.GetValue(app, _ => throw new ArgumentException("Not a viewer application.")).Chain = chain;

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

    private static IResult Start(ViewerState state, StartRequest request)
    {
        if (state.Pipeline.IsRunning)
        {
            return Results.Conflict(new { error = "An acquisition is already running; stop it first." });
        }

        try
        {
            IFrameSource? source = (request.Source ?? "sim") switch
            {
                "sim" => new SimulatedCamera(new SimulatedCameraOptions
                {
                    Size = request.Size ?? 512,
                    FramesPerSecond = request.Fps ?? 20,
                    Frames = request.Frames ?? 0,
                    Format = request.BitDepth == 8 ? SampleFormat.UInt8 : SampleFormat.UInt16,
                }),
                "replay" => new StackReplaySource(request.Input ?? throw new ArgumentException("A replay needs the path of a stack (input)."), request.Fps ?? 20, request.Frames ?? 0),
                "ingest" => null,
                var other => throw new ArgumentException($"Source '{other}' is not sim, replay or ingest."),
            };
            var raw = request.Save == false ? null : Path.Combine(state.Options.DataFolder, $"acquisition-{DateTime.Now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.tif");
            state.Pipeline.Start(new LiveOptions { RawOutput = raw, Chain = state.Chain }, source);
            return Results.Json(state.Pipeline.Status());
        }
        catch (Exception ex) when (ex is ArgumentException or ChainException or Tacs.Host.Imaging.ImageReadException or IOException or InvalidOperationException)
        {
            return Results.BadRequest(new { error = ex.Message });
        }
    }

    private static async Task<IResult> Ingest(ViewerState state, HttpRequest request, CancellationToken cancellation)
    {
        if (!state.Pipeline.IsRunning)
        {
            return Results.Conflict(new { error = "No acquisition is running: start one (source 'ingest') before pushing frames." });
        }

        try
        {
            var frame = await IngestFrameReader.ReadAsync(request, cancellation);
            state.Pipeline.Push(frame);
            return Results.Json(new { index = frame.Metadata.FrameIndex });
        }
        catch (FormatException ex)
        {
            return Results.BadRequest(new { error = "Malformed frame: " + ex.Message });
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new { error = ex.Message });
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
