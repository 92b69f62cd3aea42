package dev.checkout.local.payments;

import java.util.List;

/**
 * A snapshot of the switched-on faults.
 *
 * @param latencyMillis        added to every API call
 * @param requestFaults        armed 5xx and timeout faults, in the order they are consumed
 * @param duplicateEvents      copies of each event that are sent (1 = no duplicates)
 * @param outOfOrderEvents     whether each event is held back and sent after the next one
 * @param dropDeliveryAttempts how many first delivery attempts of each event are not sent (retries follow)
 * @param loseEvents           how many of the next events are never sent
 * @param loseEventType        only events of this type are lost, or {@code null} for any type
 */
public record FaultSettings(
        long latencyMillis,
        List<RequestFault> requestFaults,
        int duplicateEvents,
        boolean outOfOrderEvents,
        int dropDeliveryAttempts,
        int loseEvents,
        String loseEventType) {

    public FaultSettings {
        requestFaults = List.copyOf(requestFaults);
    }
}
