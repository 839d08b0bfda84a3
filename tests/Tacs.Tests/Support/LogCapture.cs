using Serilog.Core;
using Serilog.Events;

namespace Tacs.Tests.Support;

/// <summary>A Serilog logger that keeps what it is told, so tests can check warnings.</summary>
internal sealed class LogCapture : ILogEventSink
{
    public LogCapture()
    {
        Logger = new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
    }

    public Serilog.ILogger Logger { get; }

    public List<LogEvent> Events { get; } = [];

    public IEnumerable<string> Warnings
    {
        get
        {
            lock (Events)
            {
                return [.. Events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage())];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (Events)
        {
            Events.Add(logEvent);
        }
    }
}
