using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowDsl.Dispatch.Dispatching;

namespace WorkflowDsl.Dispatch.Tests.Infrastructure;

/// <summary>One log entry as the logger received it: level, event, the rendered text and the named properties.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Text, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A real ILoggerProvider that keeps every entry, and a MeterListener on this test's own
/// IMeterFactory (so parallel tests' dispatchers are not counted): the dispatcher's logs and metrics as an
/// operator's pipeline would receive them.</summary>
public sealed class CapturedTelemetry : ILoggerProvider
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();
    private readonly ILoggerFactory _loggers;

    public CapturedTelemetry()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DispatchMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, Meters)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument.Name, 1, tags));
        _listener.Start();
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));
    }

    public IMeterFactory Meters { get; }
    public ConcurrentQueue<LogEntry> Entries { get; } = new();
    /// <summary>(instrument, "tag=value,tag=value" sorted) → sum of the counter, or the histogram's number of measurements.</summary>
    public ConcurrentDictionary<(string Instrument, string Tags), long> Measurements { get; } = new();

    public ILogger<OutboxDispatcher> Logger => _loggers.CreateLogger<OutboxDispatcher>();

    private void Record(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string key = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));
        Measurements.AddOrUpdate((instrument, key), value, (_, sum) => sum + value);
    }

    public long Sum(string instrument, string tags) => Measurements.GetValueOrDefault((instrument, tags));

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Capturing(this);

    private sealed class Capturing(CapturedTelemetry owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IReadOnlyList<KeyValuePair<string, object?>> list
                ? list.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner.Entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), properties));
        }
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _listener.Dispose();
        _loggers.Dispose();
        _services.Dispose();
    }
}
