namespace SoData.Sandbox;

/// <summary>
/// The lines after the ready line: the sandbox's credentials (fixed, public test values, or those given on the command
/// line) and a Connect-SoData line to paste into PowerShell, so a newcomer can sign in without reading the docs.
/// </summary>
public static class SandboxBanner
{
    public static IEnumerable<string> Lines(SandboxOptions options, Uri url)
    {
        yield return $"Realm {options.Realm}, client id {options.ClientId}, client secret {options.ClientSecret}, user {options.Username}, password {options.Password}.";
        yield return "To connect, paste into PowerShell (after Import-Module ./out/SoData):";
        yield return Connect(options, url);
    }

    /// <summary>A Connect-SoData command for this sandbox, valid in Windows PowerShell 5.1 and PowerShell 7.</summary>
    public static string Connect(SandboxOptions options, Uri url)
    {
        var realm = options.Realm == "Socomec" ? string.Empty : $" -Realm {Quote(options.Realm)}";
        return $"Connect-SoData -ApiUrl {url} -AuthUrl {url}{realm} -ClientId {Quote(options.ClientId)} " +
               $"-ClientSecret (ConvertTo-SecureString {Quote(options.ClientSecret)} -AsPlainText -Force) " +
               $"-Credential ([pscredential]::new({Quote(options.Username)}, (ConvertTo-SecureString {Quote(options.Password)} -AsPlainText -Force)))" +
               (url.IsLoopback ? string.Empty : " -AllowInsecureHttp"); // plain http to another host must be allowed explicitly
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
