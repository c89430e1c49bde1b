using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Net;

namespace WorkflowDsl.Delivery.Tests.Servers;

/// <summary>SmtpServer's listener with Nagle's algorithm off (set on the listening socket; Linux hands it
/// on to accepted connections), so small replies are not held back waiting for the client's delayed
/// ACK (about 40 ms per transaction otherwise).</summary>
internal sealed class NoDelayEndpointListenerFactory : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Server.NoDelay = true;
        listener.Start();
        // EndpointListener's constructor is internal in SmtpServer 11.1.
        return (IEndpointListener)Activator.CreateInstance(typeof(EndpointListener),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
            null, [listener, (Action)listener.Stop], null)!;
    }
}
