package dev.checkout.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
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
        LISTENERS.forEach((name, bound) -> assertTrue(bound.getAddress().isLoopbackAddress(), name + " is bound to " + bound));
    }

    @Test
    void everyListener_acceptsOn127001() {
        LISTENERS.forEach((name, bound) -> assertTrue(accepts(InetAddress.getLoopbackAddress(), bound.getPort()), name + " refused a connection on 127.0.0.1"));
    }

    @Test
    void everyListener_isNotReachableOnTheMachinesOtherAddresses() throws SocketException {
        List<InetAddress> others = nonLoopbackAddresses();
        assumeFalse(others.isEmpty(), "this machine has no address but loopback; the bound addresses are the check");

        var reachable = new ArrayList<String>();
        LISTENERS.forEach((name, bound) -> others.stream().filter(address -> accepts(address, bound.getPort()))
                .forEach(address -> reachable.add(name + " on " + address.getHostAddress() + ":" + bound.getPort())));

        assertEquals(List.of(), reachable, "listeners reachable beyond loopback (tried " + others + ")");
    }

    /** The addresses of this machine's interfaces that are up, other than loopback. */
    static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(network -> {
                    try {
                        return network.isUp() && !network.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress())
                .toList();
    }

    /** Whether a TCP connection to {@code address:port} is accepted; a refusal or no answer within 2 s is a no. */
    static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
