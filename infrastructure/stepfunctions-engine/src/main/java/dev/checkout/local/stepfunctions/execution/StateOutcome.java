package dev.checkout.local.stepfunctions.execution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.stepfunctions.asl.State;

/** What a state hands on: its output and the name of the next state ({@code null} when the state ends its machine). */
record StateOutcome(JsonNode output, String next) {

    /** {@code output} handed to the state's Next, or ending the machine when the state is an End state. */
    static StateOutcome onward(State state, JsonNode output) {
        return new StateOutcome(output, state.isEnd() ? null : state.next());
    }
}
