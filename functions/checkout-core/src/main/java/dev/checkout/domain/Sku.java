package dev.checkout.domain;

import java.util.regex.Pattern;

/** A stock-keeping unit: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
public record Sku(String value) implements Comparable<Sku> {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Sku {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new ValidationException("sku must be 1-64 letters, digits, '.', '_' or '-', was '" + value + "'");
        }
    }

    public static Sku of(String value) {
        return new Sku(value);
    }

    @Override
    public int compareTo(Sku other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
