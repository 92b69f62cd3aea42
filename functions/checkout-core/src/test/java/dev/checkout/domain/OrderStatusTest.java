package dev.checkout.domain;

import static dev.checkout.domain.OrderStatus.CANCELLED;
import static dev.checkout.domain.OrderStatus.COMPLETED;
import static dev.checkout.domain.OrderStatus.PAID;
import static dev.checkout.domain.OrderStatus.PARTIALLY_REFUNDED;
import static dev.checkout.domain.OrderStatus.PENDING_PAYMENT;
import static dev.checkout.domain.OrderStatus.REFUNDED;
import static dev.checkout.domain.OrderStatus.REJECTED;
import static dev.checkout.domain.OrderStatus.SHIPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole transition table of DESIGN.md: every ordered pair of statuses, allowed or refused. */
@Tag("unit")
class OrderStatusTest {
    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.of(
            PENDING_PAYMENT, Set.of(PAID, CANCELLED, REJECTED),
            PAID, Set.of(SHIPPED, PARTIALLY_REFUNDED, REFUNDED),
            SHIPPED, Set.of(COMPLETED, PARTIALLY_REFUNDED, REFUNDED),
            COMPLETED, Set.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, Set.of(PARTIALLY_REFUNDED, REFUNDED),
            REFUNDED, Set.of(),
            CANCELLED, Set.of(),
            REJECTED, Set.of());

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                pairs.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed={2}")
    @MethodSource("everyPair")
    void moveTo_allowsExactlyTheDesignedTransitions(OrderStatus from, OrderStatus to, boolean allowed) {
        assertEquals(allowed, from.canBecome(to));
        if (allowed) {
            assertEquals(to, from.moveTo(to));
        } else {
            var refused = assertThrows(IllegalTransitionException.class, () -> from.moveTo(to));
            assertEquals("ILLEGAL_TRANSITION", refused.code());
            assertEquals(ErrorKind.CONFLICT, refused.kind());
            assertEquals(from.name(), refused.from());
            assertEquals(to.name(), refused.to());
        }
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void isTerminal_holdsForStatusesWithNoWayOut(OrderStatus from, OrderStatus ignored, boolean unused) {
        assertEquals(ALLOWED.get(from).isEmpty(), from.isTerminal());
    }
}
