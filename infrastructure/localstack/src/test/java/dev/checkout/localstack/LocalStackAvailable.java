package dev.checkout.localstack;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where {@link LocalStackProcess} could start LocalStack; elsewhere each of its
 * tests is reported as skipped with the reason (e.g. Python 3.13 not found), as the Docker tier is
 * without Docker.
 */
final class LocalStackAvailable implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return LocalStackProcess.shared().unavailableBecause()
                .map(reason -> ConditionEvaluationResult.disabled("LocalStack tier skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("LocalStack runs at " + LocalStackProcess.shared().endpoint()));
    }
}
