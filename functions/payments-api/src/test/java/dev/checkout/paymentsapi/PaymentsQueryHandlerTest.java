package dev.checkout.paymentsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.checkout.aws.testing.ApiEvent;
import dev.checkout.aws.testing.ApiEvent.ApiResult;
import dev.checkout.aws.testing.LocalPayments;
import dev.checkout.domain.Order;
import dev.checkout.domain.PaymentId;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Integration tier: the payment queries, driven by events/list-order-payments.json and events/get-payment.json. */
@Tag("integration")
class PaymentsQueryHandlerTest {
    private final LocalPayments local = new LocalPayments();
    private final PaymentsQueryHandler handler = new PaymentsQueryHandler(local.env);
    private final String alice = "alice-" + UUID.randomUUID();

    private Order chargedOrder() {
        Order order = local.placeOrder(alice, "pm_card_visa");
        return local.pay(order, "secret-task-token");
    }

    private ApiResult list(Order order, String caller, boolean admin) {
        return ApiEvent.from("list-order-payments.json").pathParameter("orderId", order.orderId().value()).caller(caller, admin).invoke(handler);
    }

    private ApiResult get(Order order, String caller, boolean admin) {
        return ApiEvent.from("get-payment.json").pathParameter("paymentId", PaymentId.of(order.orderId(), 1).value()).caller(caller, admin).invoke(handler);
    }

    @Test
    void owner_listsTheOrdersPayments_withoutTheTaskToken() {
        Order order = chargedOrder();

        ApiResult result = list(order, alice, false);

        assertEquals(200, result.status());
        var payment = result.body().path("payments").get(0);
        assertEquals(PaymentId.of(order.orderId(), 1).value(), payment.path("paymentId").asText());
        assertEquals("stripe", payment.path("provider").asText());
        assertEquals("SUCCEEDED", payment.path("status").asText());
        assertEquals(5000, payment.path("amount").path("amount").asLong());
        assertFalse(result.body().toString().contains("secret-task-token"));
    }

    @Test
    void owner_andAdmin_readOnePayment() {
        Order order = chargedOrder();

        ApiResult owner = get(order, alice, false);
        ApiResult admin = get(order, "admin-1", true);

        assertEquals(200, owner.status());
        assertEquals(order.orderId().value(), owner.body().path("orderId").asText());
        assertEquals(200, admin.status());
        assertFalse(owner.body().has("taskToken"));
    }

    @Test
    void anotherUsersPayments_areNotFound() {
        Order order = chargedOrder();

        assertEquals(404, list(order, "bob", false).status());
        assertEquals(404, get(order, "bob", false).status());
        assertEquals(404, ApiEvent.from("get-payment.json").pathParameter("paymentId", "pay_nonsense").caller(alice, false).invoke(handler).status());
    }

    @Test
    void bothRoutes_refuse400_aPathParameterThatIsNotValidUnicode() {
        ApiResult list = ApiEvent.from("list-order-payments.json").pathParameter("orderId", "ord_\uD800").caller(alice, false).invoke(handler);
        ApiResult get = ApiEvent.from("get-payment.json").pathParameter("paymentId", "pay_\uDC00").caller(alice, false).invoke(handler);

        assertEquals(400, list.status(), list.body().toString());
        assertEquals("VALIDATION_FAILED", list.errorCode());
        assertEquals(400, get.status(), get.body().toString());
        assertEquals("VALIDATION_FAILED", get.errorCode());
    }

    @Test
    void anonymous_is401() {
        assertEquals(401, ApiEvent.from("get-payment.json").anonymous().invoke(handler).status());
    }
}
