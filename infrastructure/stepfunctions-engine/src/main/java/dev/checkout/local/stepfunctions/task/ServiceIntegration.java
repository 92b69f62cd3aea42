package dev.checkout.local.stepfunctions.task;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One AWS service behind {@code arn:aws:states:::SERVICE:ACTION} resources: takes the Task's
 * effective Parameters and returns the task result, shaped as Step Functions' optimized
 * integration returns it.
 */
@FunctionalInterface
public interface ServiceIntegration {

    /**
     * Calls {@code action} (e.g. {@code sendMessage}, {@code putItem}).
     *
     * @throws ServiceIntegrationException the service's error, named as Step Functions names it
     */
    JsonNode call(String action, JsonNode parameters) throws ServiceIntegrationException;
}
