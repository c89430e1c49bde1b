using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace WorkflowDsl.Delivery.Tests.Servers;

/// <summary>A TCP relay on 127.0.0.1 in front of a local server that can cut every connection at once
/// (RST), to make a server "disappear" mid-batch.</summary>
public sealed class TcpDropProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _accepting;

    public TcpDropProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Drops;

    /// <summary>Resets every open connection.</summary>
    public void DropAll()
    {
        Interlocked.Increment(ref Drops);
        foreach (var socket in _sockets.Keys)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception)
            {
            }
            _sockets.TryRemove(socket, out _);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try { await server.ConnectAsync(_target, _stop.Token); }
            catch (Exception) { client.Close(); continue; }
            _sockets[client] = 0;
            _sockets[server] = 0;
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0) break;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
        }
        foreach (var s in new[] { from, to })
        {
            try { s.Shutdown(SocketShutdown.Both); } catch (Exception) { }
            s.Close();
            _sockets.TryRemove(s, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropAll();
        try { await _accepting; } catch (Exception) { }
    }
}
