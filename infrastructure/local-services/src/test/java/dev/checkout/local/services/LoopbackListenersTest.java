package dev.checkout.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB Local and ElasticMQ listen on the loopback interface only: their sockets are bound to a
 * loopback address, they accept on 127.0.0.1, and this machine's other addresses refuse their ports.
 */
@Tag("integration")
class LoopbackListenersTest {
    private static final Map<String, InetSocketAddress> LISTENERS = LocalServices.shared().boundAddresses();

    @Test
    void everyListener_isBoundToALoopbackAddress() {
        assertEquals(2, LISTENERS.size(), LISTENERS.toString());
        LoopbackOnly.assertBoundToLoopback(LISTENERS);
    }

    @Test
    void everyListener_acceptsOn127001() {
        LoopbackOnly.assertAcceptOn127001(LISTENERS);
    }

    @Test
    void everyListener_isNotReachableOnTheMachinesOtherAddresses() throws SocketException {
        LoopbackOnly.assertNotReachableOnTheMachinesOtherAddresses(LISTENERS);
    }
}
