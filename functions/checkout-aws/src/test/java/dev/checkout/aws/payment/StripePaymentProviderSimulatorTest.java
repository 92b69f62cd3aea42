package dev.checkout.aws.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stripe.StripeClient;
import com.stripe.param.PaymentIntentCreateParams;
import dev.checkout.domain.Money;
import dev.checkout.domain.OrderId;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.Ulid;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.PaymentSimulatorConfig;
import dev.checkout.port.PaymentProvider.ChargeRequest;
import dev.checkout.port.PaymentProvider.ProviderPayment;
import dev.checkout.port.PaymentProvider.Status;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link StripePaymentProvider#findByPaymentId} against the Stripe simulator's search API over HTTP on 127.0.0.1. */
@Tag("integration")
class StripePaymentProviderSimulatorTest {
    private static final Money AMOUNT = Money.of(1990, "USD");
    private static PaymentSimulator stripe;
    private static StripeClient client;
    private static StripePaymentProvider provider;

    @BeforeAll
    static void start() {
        stripe = PaymentSimulator.start(PaymentSimulatorConfig.forTests());
        client = StripeClient.builder().setApiKey("sk_test_search").setMaxNetworkRetries(0).setApiBase(stripe.baseUrl()).build();
        provider = new StripePaymentProvider(client, "https://shop.example/back");
    }

    @AfterAll
    static void stop() {
        stripe.close();
    }

    private static ChargeRequest charge(String paymentMethod) {
        OrderId order = OrderId.of("ord_" + Ulid.next(Instant.now()));
        return new ChargeRequest(PaymentId.of(order, 1), order, AMOUNT, paymentMethod);
    }

    @Test
    void findByPaymentId_findsThePaymentIntentChargedUnderIt() {
        ChargeRequest request = charge("pm_card_visa");
        ProviderPayment charged = provider.charge(request);

        ProviderPayment found = provider.findByPaymentId(request.paymentId()).orElseThrow();

        assertEquals(new ProviderPayment(charged.reference(), Status.SUCCEEDED, AMOUNT, null), found);
    }

    @Test
    void findByPaymentId_findsAPaymentAwaitingAuthentication_withItsNextAction() {
        ChargeRequest request = charge("pm_card_authenticationRequired");
        ProviderPayment charged = provider.charge(request);

        ProviderPayment found = provider.findByPaymentId(request.paymentId()).orElseThrow();

        assertEquals(charged.reference(), found.reference());
        assertEquals(Status.PENDING, found.status());
        assertEquals(charged.nextAction(), found.nextAction());
    }

    @Test
    void findByPaymentId_isEmpty_forAPaymentIdNeverCharged() {
        provider.charge(charge("pm_card_visa"));

        assertTrue(provider.findByPaymentId(charge("pm_card_visa").paymentId()).isEmpty());
    }

    @Test
    void findByPaymentId_reportsTheSucceededOne_whenStripeHoldsSeveralForOnePaymentId() throws Exception {
        ChargeRequest request = charge("pm_card_visa");
        String succeeded = provider.charge(request).reference();
        // A second PaymentIntent under the same payment id, which the idempotency key normally prevents.
        client.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(AMOUNT.amount()).setCurrency("usd").setPaymentMethod("pm_card_authenticationRequired").setConfirm(true)
                .setReturnUrl("https://shop.example/back").putMetadata("paymentId", request.paymentId().value()).build());

        ProviderPayment found = provider.findByPaymentId(request.paymentId()).orElseThrow();

        assertEquals(succeeded, found.reference());
        assertEquals(Status.SUCCEEDED, found.status());
    }
}
