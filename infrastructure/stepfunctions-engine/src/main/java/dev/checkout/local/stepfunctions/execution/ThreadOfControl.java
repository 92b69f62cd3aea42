package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where one thread of control (the execution, a Parallel branch, a Map iteration) is: its history
 * cursor, its cancellation and, in a Map iteration, the item ({@code null} elsewhere).
 */
record ThreadOfControl(EventCursor cursor, Cancellation cancellation, JsonNode mapItem) {
}
