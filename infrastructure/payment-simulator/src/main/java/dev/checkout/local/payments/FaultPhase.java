package dev.checkout.local.payments;

/**
 * When an injected 5xx or timeout strikes an API call: before the simulator acts on it (nothing happened, a retry
 * starts from scratch) or after (the charge or refund happened and is stored under the idempotency key, only the
 * response is lost, so a retry with the same key gets the original result replayed).
 */
public enum FaultPhase {
    BEFORE_PROCESSING,
    AFTER_PROCESSING;

    /** Parses {@code before} / {@code after} (or the constant names). */
    public static FaultPhase parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "before", "before_processing" -> BEFORE_PROCESSING;
            case "after", "after_processing" -> AFTER_PROCESSING;
            default -> throw new IllegalArgumentException("phase must be 'before' or 'after': " + text);
        };
    }
}
