using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Sdk.Frames;

namespace Tacs.Web;

/// <summary>Starting and stopping acquisitions, and the ingest endpoint that other software pushes frames to.</summary>
internal static class AcquisitionEndpoints
{
    /// <summary>How long an ingest request waits for a place (<see cref="ViewerState.IngestConcurrency"/>) before it is
    /// answered 503 and asked to retry.</summary>
    public static readonly TimeSpan PlaceWait = TimeSpan.FromSeconds(10);

    /// <summary>After a grace (<see cref="ViewerOptions.IngestGrace"/>, 10 s by default) a body must arrive at least this fast, so that a stalled sender cannot hold a
    /// place for long: 256 MiB, the largest frame, may take 74 s.</summary>
    public const long MinBytesPerSecond = 4 * 1024 * 1024;

    public static void Map(WebApplication app, ViewerState state)
    {
        app.MapPost("/api/acquisition/start", (StartRequest request) => StartAsync(state, request));
        app.MapPost("/api/acquisition/stop", () => StopAsync(state));
        app.MapPost("/api/ingest", (HttpRequest request) => IngestAsync(state, request.HttpContext));
    }

    private static async Task<IResult> StartAsync(ViewerState state, StartRequest request)
    {
        await state.StartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await state.BeforeStartAsync().ConfigureAwait(false);
            if (state.Pipeline.IsRunning)
            {
                return Results.Conflict(new { error = "An acquisition is already running; stop it first." });
            }

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
            state.Started(source is null ? new IngestSession(request.Frames ?? 0) : null);
            state.Pipeline.Start(new LiveOptions { RawOutput = raw, Chain = state.Chain }, source);
            if (source is not null)
            {
                _ = FinishWhenSourceEndsAsync(state, state.Pipeline.SourceCompletion);
            }

            return Results.Json(state.Pipeline.Status());
        }
        catch (Exception ex) when (ex is ArgumentException or ChainException or Tacs.Host.Imaging.ImageReadException or IOException or InvalidOperationException)
        {
            return Results.BadRequest(new { error = ex.Message });
        }
        finally
        {
            state.StartGate.Release();
        }
    }

    // A source with a frame count (or a replay reaching the end of its stack) ends by itself; the run is then stopped
    // like the Stop button would, so its raw stack is completed rather than left as a .partial file.
    private static async Task FinishWhenSourceEndsAsync(ViewerState state, Task sourceDone)
    {
        await sourceDone.ConfigureAwait(false);
        if (!ReferenceEquals(state.Pipeline.SourceCompletion, sourceDone))
        {
            return; // Another run has started since.
        }

        try
        {
            await state.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Serilog.Log.Error("Viewer: completing the acquisition failed: {Message}", ex.Message);
        }
    }

    private static async Task<IResult> StopAsync(ViewerState state)
    {
        try
        {
            return Results.Json(await state.StopAsync().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return Results.Json(new { error = "The acquisition stopped, but its raw stack could not be completed: " + ex.Message }, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<IResult> IngestAsync(ViewerState state, HttpContext context)
    {
        var session = state.Ingest;
        if (!state.Pipeline.IsRunning)
        {
            return Results.Conflict(new { error = "No acquisition is running: start one (source 'ingest') before pushing frames." });
        }

        if (session is null)
        {
            return Results.Conflict(new { error = $"The running acquisition takes its frames from {state.Pipeline.Status().Source}, not from the ingest endpoint: stop it and start one with source 'ingest'." });
        }

        IngestHeader header;
        try
        {
            header = IngestFrameReader.ParseHeader(context.Request);
            IngestFrameReader.CheckOptionalValues(context.Request);
        }
        catch (FormatException ex)
        {
            return Malformed(ex);
        }

        if (session.Mismatch(header) is { } early)
        {
            return Results.Conflict(new { error = "Frame refused: " + early });
        }

        if (session.TryReserve() is { } full)
        {
            return Results.Conflict(new { error = "Frame refused: " + full });
        }

        var accepted = false;
        try
        {
            if (!await state.IngestSlots.WaitAsync(PlaceWait, context.RequestAborted).ConfigureAwait(false))
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.Json(new { error = $"{ViewerState.IngestConcurrency} frames are being received already and none finished within {PlaceWait.TotalSeconds:F0} s; send again." }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            try
            {
                var (frame, refusal) = await ReceiveAsync(context, header, state.Options.IngestGrace).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return refusal;
                }

                if (session.CheckShape(header) is { } mismatch)
                {
                    return Results.Conflict(new { error = "Frame refused: " + mismatch });
                }

                var saved = await state.Pipeline.PushAsync(frame!).ConfigureAwait(false);
                accepted = true;
                var complete = session.Accept();
                if (complete)
                {
                    await state.StopAsync().ConfigureAwait(false);
                }

                return Results.Json(new { index = frame!.Metadata.FrameIndex, saved, complete });
            }
            finally
            {
                state.IngestSlots.Release();
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty; // The sender has gone.
        }
        catch (InvalidOperationException ex)
        {
            return Results.Conflict(new { error = ex.Message });
        }
        catch (IOException ex)
        {
            return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status500InternalServerError);
        }
        finally
        {
            if (!accepted)
            {
                session.Release();
            }
        }
    }

    // Reads the body within a time limit and the frame's exact size; a refusal says why none was read.
    private static async Task<(ImageFrame? Frame, IResult? Refusal)> ReceiveAsync(HttpContext context, IngestHeader header, TimeSpan grace)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Kestrel counts a chunked body's framing (sizes and line ends) against its limit, so chunked bodies get
            // room for it; the reader itself refuses a single byte of data beyond the frame, with its own reason.
            limit.MaxRequestBodySize = context.Request.ContentLength is null ? (header.Bytes * 2) + (64 * 1024) : header.Bytes;
        }

        var allowed = grace + TimeSpan.FromSeconds((double)header.Bytes / MinBytesPerSecond);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(allowed);
        try
        {
            return (await IngestFrameReader.ReadAsync(context.Request, header, deadline.Token).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return (null, Results.Json(new { error = $"Frame refused: its {header.Bytes} bytes did not arrive within {allowed.TotalSeconds:F1} s; send it at least 4 MiB/s after the first {grace.TotalSeconds:F0} s." }, statusCode: StatusCodes.Status408RequestTimeout));
        }
        catch (FormatException ex)
        {
            return (null, Malformed(ex));
        }
        catch (IngestRefusedException ex)
        {
            return (null, Results.Json(new { error = "Frame refused: " + ex.Message }, statusCode: ex.StatusCode));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Results.Json(new { error = $"Frame refused ({header}): {ex.Message}" }, statusCode: ex.StatusCode));
        }
        catch (IOException ex)
        {
            // The connection broke while the body was arriving; the sender will rarely see this answer.
            return (null, Results.BadRequest(new { error = $"Frame refused: the body of {header} was cut off ({ex.Message})." }));
        }
    }

    private static IResult Malformed(FormatException ex) => Results.BadRequest(new { error = "Malformed frame: " + ex.Message });
}
