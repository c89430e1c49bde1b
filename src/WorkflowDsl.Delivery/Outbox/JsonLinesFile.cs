using System.Text.Json;

namespace WorkflowDsl.Delivery.Outbox;

/// <summary>Appends JSON objects, one a line, to a file shared by the SMS and push outbox senders. Each
/// line is written and flushed whole under a lock, so a crash leaves at most a last partial line.</summary>
public sealed class JsonLinesFile
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Creates the writer; the folder is created on first write.</summary>
    public JsonLinesFile(string path) => Path = System.IO.Path.GetFullPath(path);

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>Appends <paramref name="record"/> as one line.</summary>
    public async Task AppendAsync<T>(T record, CancellationToken cancellationToken)
    {
        string line = JsonSerializer.Serialize(record, Json) + "\n";
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }
}
