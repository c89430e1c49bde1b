using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Email;

/// <summary>Writes each email as an .eml file to <see cref="EmailOptions.PickupFolder"/> (the classic
/// pickup directory): the embedded default when no SMTP host is configured. The file is written to a
/// temporary name and renamed, so a reader never sees half a message; the name comes from the message
/// id, so sending the same message twice writes it once.</summary>
public sealed class PickupFolderEmailSender : ChannelSender<EmailMessage>
{
    private readonly EmailComposer _composer;
    private readonly string _folder;

    /// <summary>Creates the sender.</summary>
    /// <exception cref="InvalidOperationException">The options are not valid.</exception>
    public PickupFolderEmailSender(EmailOptions options, EmailComposer composer)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        _composer = composer;
        _folder = Path.GetFullPath(options.PickupFolder);
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Email;

    /// <inheritdoc/>
    public override string Destination => $"pickup folder {_folder}";

    /// <summary>The file an email with <paramref name="messageId"/> is written to.</summary>
    public string PathFor(string messageId) => Path.Combine(_folder, _composer.MessageIdFor(messageId).Split('@')[0] + ".eml");

    /// <inheritdoc/>
    public override async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        string target = PathFor(message.MessageId);
        if (File.Exists(target)) return new DeliveryResult.Sent(target);
        try
        {
            Directory.CreateDirectory(_folder);
            var mime = _composer.Compose(message);
            string temp = Path.Combine(_folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    await mime.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another writer finished the same message first.
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return new DeliveryResult.Sent(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeliveryResult.FailedTransient($"Cannot write to the pickup folder {_folder}: {e.Message}. Check that it exists and is writable (Email:PickupFolder).");
        }
    }
}
