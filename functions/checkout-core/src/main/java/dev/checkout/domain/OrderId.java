package dev.checkout.domain;

import java.util.regex.Pattern;

/** {@code ord_} followed by a 26-character ULID: unique and sortable by creation time. */
public record OrderId(String value) {
    static final String PREFIX = "ord_";
    private static final Pattern FORMAT = Pattern.compile("ord_[0-9A-HJKMNP-TV-Z]{26}");

    public OrderId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new NotFoundException("no order '" + value + "'");
        }
    }

    public static OrderId of(String value) {
        return new OrderId(value);
    }

    /** The ULID part, shared by the ids of the order's payments. */
    public String ulid() {
        return value.substring(PREFIX.length());
    }

    @Override
    public String toString() {
        return value;
    }
}
