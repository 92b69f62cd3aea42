package dev.checkout.localstack;

import dev.checkout.domain.OrderStatus;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A checkout's outcome as the tier compares it between LocalStack and the local engine: the execution's
 * end, the states it entered in order and its payment step's outcome events, the order's status and
 * reason, and the stock left.
 */
record CheckoutOutcome(ExecutionStatus status, String error, List<String> states, List<String> taskEvents,
                       OrderStatus orderStatus, String reason, long available) {

    CheckoutOutcome withExecutionEnd(ExecutionStatus otherStatus, String otherError, String extraTaskEvent) {
        List<String> events = new ArrayList<>(taskEvents);
        events.add(extraTaskEvent);
        return new CheckoutOutcome(otherStatus, otherError, states, events, orderStatus, reason, available);
    }
}
