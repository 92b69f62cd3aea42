package dev.checkout.local.stepfunctions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, as GetExecutionHistory returns it.
 *
 * @param previousEventId the id of the event this one follows (0 for the first)
 * @param type            AWS's event type, e.g. {@code TaskStateEntered}
 * @param detailsField    the name of the details member, e.g. {@code stateEnteredEventDetails}; null when none
 * @param details         the details, or null
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsField,
                           ObjectNode details) {
}
