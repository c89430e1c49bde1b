using System.Text.RegularExpressions;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Whether a recipient has what a channel needs: email an address, SMS an E.164 number,
/// push at least one device token.</summary>
public static partial class ContactData
{
    /// <summary>True for something that looks like an email address (one '@' with text on both sides).</summary>
    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.IndexOf('@') is > 0 and var at && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0;

    /// <summary>True for a phone number in E.164 form: '+', then 2 to 15 digits, not starting with 0.</summary>
    public static bool IsE164(string? phone) => phone is not null && E164().IsMatch(phone);

    /// <summary>The channels of <paramref name="wanted"/> the recipient can be reached on.</summary>
    public static Channel Reachable(Channel wanted, string? email, string? phone, bool hasDeviceToken)
    {
        Channel reachable = Channel.None;
        if (wanted.HasFlag(Channel.Email) && IsEmail(email)) reachable |= Channel.Email;
        if (wanted.HasFlag(Channel.Sms) && IsE164(phone)) reachable |= Channel.Sms;
        if (wanted.HasFlag(Channel.Push) && hasDeviceToken) reachable |= Channel.Push;
        return reachable;
    }

    /// <summary>Why a recipient cannot be reached on <paramref name="channel"/>.</summary>
    public static string MissingReason(Channel channel) => channel switch
    {
        Channel.Email => "no email address: add one to the user in the directory",
        Channel.Sms => "no phone number in E.164 form (+358401234567): fix the user's phone in the directory",
        Channel.Push => "no push device token: the user has not registered a device",
        _ => "unknown channel",
    };

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
