package dev.checkout.local.services;

/**
 * One item key's throughput units: refilled at {@code rate} a second, holding at most
 * {@link ItemLimits#BURST_SECONDS} of them. Time is whatever clock the caller keeps (the system's in the local
 * cloud, a virtual one in the flash-sale simulation), in nanoseconds. Not thread-safe: its owner locks.
 */
public final class ThroughputBucket {
    private final double rate;
    private double tokens;
    private long at;

    /** Full at {@code now}. */
    public ThroughputBucket(double rate, long now) {
        this.rate = rate;
        this.tokens = rate * ItemLimits.BURST_SECONDS;
        this.at = now;
    }

    /**
     * Whether a request of {@code units} may go now. A key whose burst holds fewer units than one request costs
     * (a small scaled-down rate) still serves one request each time the burst has refilled.
     */
    public boolean has(double units, long now) {
        refill(now);
        return tokens >= Math.min(units, rate * ItemLimits.BURST_SECONDS);
    }

    public void take(double units, long now) {
        refill(now);
        tokens -= units;
    }

    /** When the bucket was last used: an idle bucket is full again after {@link ItemLimits#BURST_SECONDS}. */
    public long lastUsed() {
        return at;
    }

    private void refill(long now) {
        tokens = Math.min(rate * ItemLimits.BURST_SECONDS, tokens + rate * (now - at) / 1e9);
        at = now;
    }
}
