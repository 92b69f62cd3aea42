package dev.checkout.local.payments;

import java.util.concurrent.ThreadLocalRandom;

/** Identifiers in Stripe's format: a type prefix and 24 alphanumeric characters ({@code pi_3Qx...}). */
final class StripeIds {
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private StripeIds() {
    }

    static String next(String prefix) {
        return prefix + "_" + random(24);
    }

    static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
