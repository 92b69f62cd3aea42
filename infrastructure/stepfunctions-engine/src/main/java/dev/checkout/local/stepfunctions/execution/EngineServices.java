package dev.checkout.local.stepfunctions.execution;

import dev.checkout.local.stepfunctions.clock.EngineClock;
import dev.checkout.local.stepfunctions.task.LambdaInvoker;
import dev.checkout.local.stepfunctions.task.ServiceIntegration;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;

/**
 * What a running execution needs from the engine.
 *
 * @param integrations service name ({@code sqs}, {@code dynamodb}) to integration
 * @param tokens       task token to parked task, shared with SendTask* calls
 */
public record EngineServices(EngineClock clock, ExecutorService executor, LambdaInvoker lambdaInvoker,
                             Map<String, ServiceIntegration> integrations, ConcurrentMap<String, PendingTask> tokens,
                             String region, String accountId) {
}
