package dev.checkout.local.services;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * DynamoDB Local in this JVM: in memory, one shared database, no telemetry, on the loopback
 * interface only.
 *
 * <p>DynamoDB Local's own launcher ({@code ServerRunner}, {@code DynamoDBProxyServer}) builds its
 * Jetty server with {@code new Server(port)}, which listens on every interface and has no option
 * for the host; it also only prints a failure to bind. So the server is built here, the way that
 * launcher builds it for {@code -inMemory -sharedDb -disableTelemetry} (the same request and server
 * handlers with the same options; telemetry is never set up), around a connector bound to the
 * loopback address. Requests pass through an {@link ItemThroughputLimiter}, which can enforce DynamoDB's per-item
 * throughput that DynamoDB Local lacks.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final LocalDynamoDBServerHandler handler;
    private final ItemThroughputLimiter limiter;

    private DynamoDbLocal(Server server, ServerConnector connector, LocalDynamoDBServerHandler handler, ItemThroughputLimiter limiter) {
        this.server = server;
        this.connector = connector;
        this.handler = handler;
        this.limiter = limiter;
    }

    /** Starts on {@code port} on the loopback interface; 0 picks a free port. */
    public static DynamoDbLocal start(int port) {
        // The request handler's arguments, as ServerRunner passes them: (0, inMemory, dbPath, sharedDb, delayTransientStatuses).
        var handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0, true, null, true, false), null);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        var limiter = new ItemThroughputLimiter(handler);
        var contexts = new ContextHandlerCollection();
        contexts.addHandler(new ContextHandler(limiter));
        server.setHandler(contexts);
        try {
            server.start();
            return new DynamoDbLocal(server, connector, handler, limiter);
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + " of the loopback interface", e);
        }
    }

    /** DynamoDB's per-item throughput limits, off until set ({@link ItemThroughputLimiter}). */
    public ItemThroughputLimiter itemLimits() {
        return limiter;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The address its socket is bound to, as the operating system reports it. */
    public InetSocketAddress boundAddress() {
        try {
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("DynamoDB Local's socket has no address", e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
            handler.close();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // it did not start; nothing more to release
        }
    }
}
