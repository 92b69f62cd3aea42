package dev.checkout.local.stepfunctions.asl;

import java.util.List;

/**
 * One entry of a state's {@code Retry} field.
 *
 * @param maxDelaySeconds cap on the interval, or null for none
 * @param fullJitter      {@code JitterStrategy: FULL}: each interval is drawn uniformly from [0, interval]
 */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Double maxDelaySeconds, boolean fullJitter) {

    /** The interval before retry number {@code retry} (1-based), before jitter. */
    public double intervalBefore(int retry) {
        double interval = intervalSeconds * Math.pow(backoffRate, retry - 1);
        return maxDelaySeconds == null ? interval : Math.min(interval, maxDelaySeconds);
    }
}
