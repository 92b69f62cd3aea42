package dev.checkout.aws.payment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.sun.net.httpserver.HttpServer;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentProviderUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Unit: what a lookup at Stripe reads into. Only Stripe's 404 means "no such payment"; a lookup Stripe refuses
 * otherwise, or cannot answer, is an error with its own name. A local HTTP endpoint answers as Stripe's API
 * does for each case.
 */
@Tag("unit")
class StripePaymentProviderLookupTest {
    private HttpServer stripe;
    private StripePaymentProvider provider;

    @BeforeEach
    void start() throws IOException {
        stripe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        stripe.createContext("/v1/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("pi_unknown") || path.endsWith("re_unknown") ? 404 : path.endsWith("pi_refused") ? 400 : 500;
            String code = status == 404 ? "resource_missing" : status == 400 ? "parameter_invalid" : "api_error";
            byte[] body = ("{\"error\":{\"type\":\"" + (status == 500 ? "api_error" : "invalid_request_error") + "\",\"code\":\"" + code
                    + "\",\"message\":\"answered " + status + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stripe.createContext("/v1/payment_intents/search", exchange -> {
            byte[] body = "{\"error\":{\"type\":\"invalid_request_error\",\"param\":\"query\",\"message\":\"unable to parse\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stripe.start();
        provider = new StripePaymentProvider(StripeClient.builder().setApiKey("sk_test_lookup").setMaxNetworkRetries(0)
                .setApiBase("http://127.0.0.1:" + stripe.getAddress().getPort()).build());
    }

    @AfterEach
    void stop() {
        stripe.stop(0);
    }

    @Test
    void notFound_isNoSuchPaymentOrRefund() {
        assertTrue(provider.findPayment("pi_unknown").isEmpty());
        assertTrue(provider.findRefund("re_unknown").isEmpty());
    }

    @Test
    void aLookupStripeRefuses_isAnError_notAMissingPayment() {
        assertThrows(IllegalStateException.class, () -> provider.findPayment("pi_refused"));
    }

    @Test
    void aSearchStripeRefuses_isAnError_notAMissingPaymentNorADecline() {
        OrderId order = OrderId.of("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");

        assertThrows(IllegalStateException.class, () -> provider.findByPaymentId(PaymentId.of(order, 1)));
    }

    @Test
    void aLookupStripeCannotAnswer_isTheProviderUnavailable() {
        assertThrows(PaymentProviderUnavailableException.class, () -> provider.findPayment("pi_broken"));
    }
}
