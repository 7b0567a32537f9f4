using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace SoData.Net
{
    /// <summary>What broke on the way to a server, so that "network down" never reads as "bad password".</summary>
    public enum ConnectionProblem
    {
        /// <summary>Nothing listens on that host and port (or a firewall said no).</summary>
        Refused,

        /// <summary>The host name does not resolve (DNS).</summary>
        HostNotFound,

        /// <summary>No TLS session: https:// to a plain http server, an untrusted certificate, an intercepting proxy.</summary>
        Tls,

        /// <summary>No answer within the time allowed.</summary>
        Timeout,

        /// <summary>The server answered 404 for the endpoint itself: a wrong path or realm.</summary>
        EndpointNotFound,

        /// <summary>Any other transport failure (connection reset, network unreachable...).</summary>
        Other,
    }

    /// <summary>
    /// A failure to reach a server (the API or the token endpoint), classified, with the URL tried, how hard it was
    /// tried, and what to check. Its <see cref="Message"/> is written for the person who reads the scheduler's log.
    /// </summary>
    public sealed class ConnectionFailure
    {
        public ConnectionFailure(ConnectionProblem problem, Uri url, string setting, string? detail, int attempts, TimeSpan elapsed, TimeSpan timeout)
        {
            Problem = problem;
            Url = url;
            Setting = setting;
            Detail = detail;
            Attempts = attempts;
            Elapsed = elapsed;
            Timeout = timeout;
        }

        public ConnectionProblem Problem { get; }

        /// <summary>The URL tried (without query string).</summary>
        public Uri Url { get; }

        /// <summary>The setting that decides the URL, named in the advice ("-ApiUrl (SODATA_API_URL)").</summary>
        public string Setting { get; }

        /// <summary>The transport's own words, e.g. "Connection refused (127.0.0.1:5999)".</summary>
        public string? Detail { get; }

        public int Attempts { get; }
        public TimeSpan Elapsed { get; }
        public TimeSpan Timeout { get; }

        public string HostAndPort => Url.Host + ":" + Url.Port.ToString(CultureInfo.InvariantCulture);

        /// <summary>The stable ErrorId of this kind of failure.</summary>
        public string ErrorId => Problem switch
        {
            ConnectionProblem.Refused => "ConnectionRefused",
            ConnectionProblem.HostNotFound => "HostNotFound",
            ConnectionProblem.Tls => "TlsHandshakeFailed",
            ConnectionProblem.Timeout => "ConnectionTimedOut",
            ConnectionProblem.EndpointNotFound => "TokenEndpointNotFound",
            _ => "ConnectionFailed",
        };

        /// <summary>What happened, where, and after how many attempts.</summary>
        public string Describe(string what)
        {
            string happened = Problem switch
            {
                ConnectionProblem.Refused => $"{HostAndPort} refused the connection",
                ConnectionProblem.HostNotFound => $"the host name '{Url.Host}' could not be resolved (DNS)",
                ConnectionProblem.Tls => $"no TLS (https) session could be set up with {HostAndPort}" + (Detail == null ? string.Empty : $" ({Detail})"),
                ConnectionProblem.Timeout => $"{HostAndPort} did not answer within {Timeout.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s",
                ConnectionProblem.EndpointNotFound => "the server answered 404 Not Found: there is no such endpoint",
                _ => Detail ?? "the connection failed",
            };
            string after = Attempts > 1
                ? $", after {Attempts} attempts over {Elapsed.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
                : string.Empty;
            return $"{what} failed: {happened} (tried {Url.GetLeftPart(UriPartial.Path)}{after}).";
        }

        /// <summary>What to check, naming the setting.</summary>
        public string Advice => Problem switch
        {
            ConnectionProblem.Refused => $"Check {Setting}: the host and the port, and that the server runs; a firewall may also refuse the connection.",
            ConnectionProblem.HostNotFound => $"Check the host name in {Setting}, and this computer's DNS and network.",
            ConnectionProblem.Tls => $"Check {Setting}: https:// to a server that only speaks http:// fails like this, as do an untrusted certificate and a proxy that intercepts TLS.",
            ConnectionProblem.Timeout => "Check the network path to the host (proxy, firewall, VPN), or give Connect-SoData a longer -TimeoutSec.",
            ConnectionProblem.EndpointNotFound => $"Check {Setting}.",
            _ => $"Check {Setting} and the network.",
        };

        public string Message(string what) => Describe(what) + " " + Advice;

        /// <summary>The problem a transport exception stands for, looking through its inner exceptions.</summary>
        public static ConnectionProblem Classify(Exception exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                switch (e)
                {
                    case TimeoutException _:
                        return ConnectionProblem.Timeout;
                    case AuthenticationException _:
                        return ConnectionProblem.Tls;
                    case SocketException socket:
                        switch (socket.SocketErrorCode)
                        {
                            case SocketError.ConnectionRefused:
                                return ConnectionProblem.Refused;
                            case SocketError.HostNotFound:
                            case SocketError.NoData:
                            case SocketError.TryAgain:
                                return ConnectionProblem.HostNotFound;
                            case SocketError.TimedOut:
                                return ConnectionProblem.Timeout;
                        }
                        break;
                    case WebException web:
                        // .NET Framework (Windows PowerShell 5.1) reports through WebException.Status.
                        switch (web.Status)
                        {
                            case WebExceptionStatus.ConnectFailure:
                                return ConnectionProblem.Refused;
                            case WebExceptionStatus.NameResolutionFailure:
                                return ConnectionProblem.HostNotFound;
                            case WebExceptionStatus.SecureChannelFailure:
                            case WebExceptionStatus.TrustFailure:
                                return ConnectionProblem.Tls;
                            case WebExceptionStatus.Timeout:
                                return ConnectionProblem.Timeout;
                        }
                        break;
                }
            }
            var messages = new System.Text.StringBuilder();
            for (Exception? e = exception; e != null; e = e.InnerException) messages.Append(e.Message).Append(' ');
            string text = messages.ToString();
            return text.IndexOf("SSL", StringComparison.Ordinal) >= 0 || text.IndexOf("TLS", StringComparison.Ordinal) >= 0
                ? ConnectionProblem.Tls
                : ConnectionProblem.Other;
        }

        /// <summary>The innermost message, which says the most ("Connection refused (127.0.0.1:5999)").</summary>
        public static string DetailOf(Exception exception) => exception.GetBaseException().Message;
    }
}
