package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the local cloud (the HTTP API with its local endpoints, DynamoDB Local, ElasticMQ,
 * Step Functions, Secrets Manager, the payment-provider simulator) listens on the loopback interface
 * only: its socket is bound to a loopback address, it accepts on 127.0.0.1, and this machine's other
 * addresses refuse its port. A host other than loopback is refused at start.
 */
@Tag("end-to-end")
class LocalCloudListenersTest {
    private static LocalCloud cloud;
    private static Map<String, InetSocketAddress> listeners;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        listeners = cloud.listeners();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void everyEndpointOfInfo_isAListener() {
        var endpoints = new ArrayList<String>();
        cloud.info().fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && field.getValue().asText().startsWith("http://")) {
                endpoints.add(field.getKey());
            }
        });

        assertEquals(endpoints.stream().sorted().toList(), listeners.keySet().stream().sorted().toList());
    }

    @Test
    void everyListener_isBoundToALoopbackAddress() {
        listeners.forEach((name, bound) -> assertTrue(bound.getAddress().isLoopbackAddress(), name + " is bound to " + bound));
    }

    @Test
    void everyListener_acceptsOn127001() {
        listeners.forEach((name, bound) -> assertTrue(accepts(InetAddress.getLoopbackAddress(), bound.getPort()), name + " refused a connection on 127.0.0.1"));
    }

    @Test
    void everyListener_isNotReachableOnTheMachinesOtherAddresses() throws SocketException {
        List<InetAddress> others = NetworkInterface.networkInterfaces()
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
        assumeFalse(others.isEmpty(), "this machine has no address but loopback; the bound addresses are the check");

        var reachable = new ArrayList<String>();
        listeners.forEach((name, bound) -> others.stream().filter(address -> accepts(address, bound.getPort()))
                .forEach(address -> reachable.add(name + " on " + address.getHostAddress() + ":" + bound.getPort())));

        assertEquals(List.of(), reachable, "listeners reachable beyond loopback (tried " + others + ")");
    }

    @Test
    void aHostOtherThanLoopback_isRefused() {
        for (String host : List.of("0.0.0.0", "192.0.2.10", "example.com", "::")) {
            assertThrows(IllegalArgumentException.class, () -> LocalCloudConfig.parse(new String[] {"--host=" + host}, Map.of(), LocalCloud.projectRoot()), host);
        }
        assertThrows(IllegalArgumentException.class, () -> LocalCloudConfig.parse(new String[0], Map.of("LOCAL_CLOUD_HOST", "0.0.0.0"), LocalCloud.projectRoot()));
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
