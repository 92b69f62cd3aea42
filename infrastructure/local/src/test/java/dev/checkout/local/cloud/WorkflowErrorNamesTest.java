package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkout.domain.CheckoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every error name the checkout workflow retries or catches is one that can really happen: a
 * predefined Step Functions error, an error of the Lambda or SQS integration, or a domain exception
 * class (the Java runtime names a function error after the exception's class).
 */
@Tag("unit")
class WorkflowErrorNamesTest {
    private static final Set<String> PREDEFINED = Set.of("States.ALL", "States.Timeout", "States.TaskFailed", "States.HeartbeatTimeout",
            "States.Runtime", "States.Permissions", "States.ResultPathMatchFailure", "States.ParameterPathFailure",
            "States.BranchFailed", "States.NoChoiceMatched", "States.IntrinsicFailure");
    private static final Set<String> INTEGRATION = Set.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.Unknown", "SQS.SdkClientException", "SQS.AmazonSQSException");

    @Test
    void everyErrorEqualsName_isAnErrorTheSystemRaises() throws Exception {
        JsonNode definition = new ObjectMapper().readTree(CheckoutDefinition.substituted("https://queue", 900));
        Set<String> names = new TreeSet<>();
        collect(definition, names);
        var unknown = new ArrayList<String>();
        for (String name : names) {
            if (PREDEFINED.contains(name) || INTEGRATION.contains(name)) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name);
                if (!CheckoutException.class.isAssignableFrom(type)) {
                    unknown.add(name + " (not a domain exception)");
                }
            } catch (ClassNotFoundException e) {
                unknown.add(name + " (no such class)");
            }
        }
        assertFalse(names.isEmpty());
        if (!unknown.isEmpty()) {
            fail("ErrorEquals names that nothing raises: " + unknown);
        }
    }

    @Test
    void statesAll_isAlwaysTheLastMatcher() throws Exception {
        JsonNode definition = new ObjectMapper().readTree(CheckoutDefinition.substituted("https://queue", 900));
        definition.path("States").forEach(state -> {
            for (String field : List.of("Retry", "Catch")) {
                JsonNode rules = state.path(field);
                for (int i = 0; i < rules.size(); i++) {
                    boolean hasAll = false;
                    for (JsonNode name : rules.get(i).path("ErrorEquals")) {
                        hasAll |= name.asText().equals("States.ALL");
                    }
                    assertTrue(!hasAll || i == rules.size() - 1, "States.ALL must be last in " + field);
                }
            }
        });
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("ErrorEquals")) {
                    e.getValue().forEach(n -> names.add(n.asText()));
                } else {
                    collect(e.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, names));
        }
    }
}
