package dev.checkout.domain;

/**
 * A batch of order changes was counted only in part: the changes before {@link #firstUncounted()} were counted,
 * that one and the ones after it were not (the counters could not be written; safe to deliver them again).
 */
public class StatisticsNotCountedException extends CheckoutException {
    private final String firstUncounted;

    public StatisticsNotCountedException(String firstUncounted, Throwable cause) {
        super("STATISTICS_NOT_COUNTED", ErrorKind.TRANSIENT, "the statistics were not counted from change " + firstUncounted + " on", cause);
        this.firstUncounted = firstUncounted;
    }

    /** The id of the first change not counted. */
    public String firstUncounted() {
        return firstUncounted;
    }
}
