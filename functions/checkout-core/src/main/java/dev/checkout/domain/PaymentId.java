package dev.checkout.domain;

import java.util.regex.Pattern;

/**
 * {@code pay_<order ulid>_<attempt>}. A payment id carries its order, so a payment is one key
 * lookup away from its id alone, and the attempt number makes the provider idempotency key.
 */
public record PaymentId(String value) {
    private static final Pattern FORMAT = Pattern.compile("pay_([0-9A-HJKMNP-TV-Z]{26})_([1-9][0-9]{0,3})");

    public PaymentId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new NotFoundException("no payment '" + value + "'");
        }
    }

    public static PaymentId of(String value) {
        return new PaymentId(value);
    }

    public static PaymentId of(OrderId orderId, int attempt) {
        return new PaymentId("pay_" + orderId.ulid() + "_" + attempt);
    }

    public OrderId orderId() {
        var matcher = FORMAT.matcher(value);
        matcher.matches();
        return OrderId.of(OrderId.PREFIX + matcher.group(1));
    }

    public int attempt() {
        var matcher = FORMAT.matcher(value);
        matcher.matches();
        return Integer.parseInt(matcher.group(2));
    }

    @Override
    public String toString() {
        return value;
    }
}
