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

/**
 * What a listener serving this machine only is checked for, each listener by name: its socket is bound to a
 * loopback address, it accepts on 127.0.0.1, and this machine's other addresses refuse its port. Shared with the
 * local cloud's tests (this module's test jar).
 */
public final class LoopbackOnly {

    private LoopbackOnly() {
    }

    public static void assertBoundToLoopback(Map<String, InetSocketAddress> listeners) {
        listeners.forEach((name, bound) -> assertTrue(bound.getAddress().isLoopbackAddress(), name + " is bound to " + bound));
    }

    public static void assertAcceptOn127001(Map<String, InetSocketAddress> listeners) {
        listeners.forEach((name, bound) -> assertTrue(accepts(InetAddress.getLoopbackAddress(), bound.getPort()), name + " refused a connection on 127.0.0.1"));
    }

    /** Skipped (an assumption) on a machine with no address but loopback: the bound addresses are the check there. */
    public static void assertNotReachableOnTheMachinesOtherAddresses(Map<String, InetSocketAddress> listeners) throws SocketException {
        List<InetAddress> others = nonLoopbackAddresses();
        assumeFalse(others.isEmpty(), "this machine has no address but loopback; the bound addresses are the check");

        var reachable = new ArrayList<String>();
        listeners.forEach((name, bound) -> others.stream().filter(address -> accepts(address, bound.getPort()))
                .forEach(address -> reachable.add(name + " on " + address.getHostAddress() + ":" + bound.getPort())));

        assertEquals(List.of(), reachable, "listeners reachable beyond loopback (tried " + others + ")");
    }

    /** The addresses of this machine's interfaces that are up, other than loopback. */
    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
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
    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
