using System.Net;
using System.Security;

namespace SoData.Auth
{
    /// <summary>Secrets stay SecureString until the moment they go on the wire.</summary>
    internal static class Secrets
    {
        public static string Reveal(SecureString secret) => new NetworkCredential(string.Empty, secret).Password;

        public static SecureString Protect(string plain)
        {
            var secure = new SecureString();
            foreach (char c in plain) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
