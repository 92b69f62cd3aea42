package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;

/** What a state hands on: its output and the name of the next state ({@code null} when the state ends its machine). */
record StateOutcome(JsonNode output, String next) {
}
