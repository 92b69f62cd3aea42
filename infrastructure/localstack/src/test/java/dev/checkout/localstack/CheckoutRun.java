package dev.checkout.localstack;

import java.util.List;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * What one checkout execution did: how it ended, the states it entered in order, and the outcome
 * events of its Step Functions tasks (TaskSucceeded, TaskFailed, TaskTimedOut; activity and Lambda
 * steps are left out, since the two targets run the functions differently).
 */
record CheckoutRun(ExecutionStatus status, String error, List<String> states, List<String> taskEvents) {
}
