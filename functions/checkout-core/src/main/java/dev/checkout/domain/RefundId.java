package dev.checkout.domain;

import java.util.regex.Pattern;

/** {@code rfd_} followed by a 26-character ULID. */
public record RefundId(String value) {
    private static final Pattern FORMAT = Pattern.compile("rfd_[0-9A-HJKMNP-TV-Z]{26}");

    public RefundId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new NotFoundException("no refund '" + value + "'");
        }
    }

    public static RefundId of(String value) {
        return new RefundId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
