package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.local.services.LoopbackOnly;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the local cloud adds to DynamoDB Local and ElasticMQ (whose listeners local-services'
 * {@code LoopbackListenersTest} checks) listens on the loopback interface only: the HTTP API with its local
 * endpoints and JWT issuer, Step Functions, Secrets Manager, the payment platforms' simulators, the web site.
 * Its socket is bound to a loopback address, it accepts on 127.0.0.1, and this machine's other addresses refuse
 * its port. A host other than loopback is refused at start.
 */
@Tag("end-to-end")
class LocalCloudListenersTest {
    private static LocalCloud cloud;
    private static Map<String, InetSocketAddress> listeners;
    private static Map<String, InetSocketAddress> ownListeners;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        listeners = cloud.listeners();
        ownListeners = new LinkedHashMap<>(listeners);
        ownListeners.keySet().removeAll(cloud.services().boundAddresses().keySet());
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
    void everyOwnListener_isBoundToALoopbackAddress() {
        assertFalse(ownListeners.isEmpty(), listeners.toString());
        LoopbackOnly.assertBoundToLoopback(ownListeners);
    }

    @Test
    void everyOwnListener_acceptsOn127001() {
        LoopbackOnly.assertAcceptOn127001(ownListeners);
    }

    @Test
    void everyOwnListener_isNotReachableOnTheMachinesOtherAddresses() throws SocketException {
        LoopbackOnly.assertNotReachableOnTheMachinesOtherAddresses(ownListeners);
    }

    @Test
    void aHostOtherThanLoopback_isRefused() {
        for (String host : List.of("0.0.0.0", "192.0.2.10", "example.com", "::")) {
            assertThrows(IllegalArgumentException.class, () -> LocalCloudConfig.parse(new String[] {"--host=" + host}, Map.of(), LocalCloud.projectRoot()), host);
        }
        assertThrows(IllegalArgumentException.class, () -> LocalCloudConfig.parse(new String[0], Map.of("LOCAL_CLOUD_HOST", "0.0.0.0"), LocalCloud.projectRoot()));
    }
}
