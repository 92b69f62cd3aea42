package dev.checkout.browser;

import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where Chromium and chromedriver are installed ({@link Browser#chromium()},
 * {@link Browser#chromedriver()}); elsewhere each of its tests is reported as skipped with the reason.
 */
final class ChromiumInstalled implements ExecutionCondition {
    static Optional<String> missing() {
        if (!Files.isExecutable(Browser.chromium())) {
            return Optional.of("Chromium is not installed at " + Browser.chromium() + " (apt-get install chromium chromium-driver, or set CHROME_BIN)");
        }
        if (!Files.isExecutable(Browser.chromedriver())) {
            return Optional.of("chromedriver is not installed at " + Browser.chromedriver() + " (apt-get install chromium-driver, or set CHROMEDRIVER)");
        }
        return Optional.empty();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return missing().map(reason -> ConditionEvaluationResult.disabled("browser tests skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("Chromium at " + Browser.chromium()));
    }
}
