using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SoData.Tests.Support;

/// <summary>
/// A tiny HTTP/1.1 server on loopback for the cases the sandbox is too well-behaved to produce (a broken body,
/// an API that refuses every token, a forward proxy). It answers each request with what the handler returns.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Request, Response> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Request> _requests = new();

    public sealed record Request(string Method, string Target, string Headers, string Body);

    public sealed record Response(int Status, string Body, string ContentType = "application/json", string? RetryAfter = null, string? Location = null);

    public LoopbackHttpServer(Func<Request, Response> handler)
    {
        _handler = handler;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public IReadOnlyList<Request> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            while (true)
            {
                string? requestLine = await reader.ReadLineAsync();
                if (string.IsNullOrEmpty(requestLine)) return;
                var headers = new StringBuilder();
                int length = 0;
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                {
                    headers.AppendLine(line);
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim());
                }
                var body = new char[length];
                int read = 0;
                while (read < length) read += await reader.ReadAsync(body, read, length - read);
                string[] parts = requestLine.Split(' ');
                var request = new Request(parts[0], parts[1], headers.ToString(), new string(body));
                lock (_requests) _requests.Add(request);

                Response response = _handler(request);
                byte[] payload = Encoding.UTF8.GetBytes(response.Body);
                string head = $"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {payload.Length}\r\n{(response.RetryAfter is null ? "" : $"Retry-After: {response.RetryAfter}\r\n")}{(response.Location is null ? "" : $"Location: {response.Location}\r\n")}\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(payload);
                await stream.FlushAsync();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
