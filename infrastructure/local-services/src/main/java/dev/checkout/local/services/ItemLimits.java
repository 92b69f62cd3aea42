package dev.checkout.local.services;

/**
 * DynamoDB's throughput limit on one item key, per second: AWS serves at most 1,000 write units and 3,000
 * read units a second on one partition, and a hot item gets a partition of its own at best (adaptive
 * capacity), so these are the most one item can take. A laptop cannot drive AWS's figures, so a run may
 * scale them down ({@code --dynamodb-item-limits=50,150}) to meet the limits at the rate it reaches.
 *
 * @param writeUnitsPerSecond write units a second on one item key
 * @param readUnitsPerSecond read units a second on one item key
 */
public record ItemLimits(double writeUnitsPerSecond, double readUnitsPerSecond) {
    /** AWS's per-partition limits. */
    public static final ItemLimits AWS = new ItemLimits(1_000, 3_000);

    /**
     * How much of a second's units an idle item holds for a burst. DynamoDB lets a partition spend unused
     * capacity, but never past the partition's own per-second maximum; a tenth of a second's worth keeps a
     * burst inside that maximum.
     */
    public static final double BURST_SECONDS = 0.1;

    public ItemLimits {
        if (!(writeUnitsPerSecond > 0) || !(readUnitsPerSecond > 0)) {
            throw new IllegalArgumentException("item limits must be positive units a second");
        }
    }

    /**
     * {@code "aws"} or {@code "true"} (AWS's limits), {@code "W"} (W write units, 3 W read units) or
     * {@code "W,R"}.
     */
    public static ItemLimits parse(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("aws") || value.equalsIgnoreCase("true")) {
            return AWS;
        }
        String[] parts = value.split(",", -1);
        try {
            if (parts.length == 1) {
                double write = Double.parseDouble(parts[0]);
                return new ItemLimits(write, 3 * write);
            }
            if (parts.length == 2) {
                return new ItemLimits(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("DynamoDB item limits are 'aws', 'WRITE' or 'WRITE,READ' units a second, was '" + text + "'");
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.0f write and %.0f read units a second per item", writeUnitsPerSecond, readUnitsPerSecond);
    }
}
