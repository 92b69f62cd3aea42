package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.port.IdGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class IdentifiersTest {

    @Test
    void paymentId_carriesItsOrderAndAttempt() {
        OrderId order = IdGenerator.ulid().newOrderId(Instant.now());
        PaymentId payment = PaymentId.of(order, 3);

        assertEquals(order, payment.orderId());
        assertEquals(3, payment.attempt());
        assertEquals(payment, PaymentId.of(payment.value()));
    }

    @Test
    void orderIds_sortByCreationTime() {
        IdGenerator ids = IdGenerator.ulid();
        String earlier = ids.newOrderId(Instant.parse("2026-01-01T00:00:00Z")).value();
        String later = ids.newOrderId(Instant.parse("2026-01-01T00:00:00.001Z")).value();

        assertTrue(earlier.compareTo(later) < 0);
    }

    @Test
    void malformedIds_areNotFound_ratherThanErrors() {
        assertThrows(NotFoundException.class, () -> OrderId.of("../../etc/passwd"));
        assertThrows(NotFoundException.class, () -> PaymentId.of("pay_x"));
    }

    @Test
    void sku_acceptsCatalogCodes_andRefusesAnythingElse() {
        assertEquals("MUG-01.blue_L", Sku.of("MUG-01.blue_L").value());
        assertThrows(ValidationException.class, () -> Sku.of(""));
        assertThrows(ValidationException.class, () -> Sku.of("has space"));
        assertThrows(ValidationException.class, () -> Sku.of("x".repeat(65)));
    }
}
