package dev.checkout.local.services;

import java.net.InetSocketAddress;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, an SQS-compatible queue server, in this JVM. */
public final class ElasticMq implements AutoCloseable {
    private final SQSRestServer server;
    private final InetSocketAddress boundAddress;

    private ElasticMq(SQSRestServer server, InetSocketAddress boundAddress) {
        this.server = server;
        this.boundAddress = boundAddress;
    }

    /** Starts on {@code port} on the loopback interface; 0 picks a free port. */
    public static ElasticMq start(int port) {
        int chosen = port == 0 ? FreePorts.pick() : port;
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(chosen)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", chosen, ""))
                .start();
        return new ElasticMq(server, server.waitUntilStarted().localAddress());
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return boundAddress.getPort();
    }

    /** The address its socket is bound to. */
    public InetSocketAddress boundAddress() {
        return boundAddress;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
