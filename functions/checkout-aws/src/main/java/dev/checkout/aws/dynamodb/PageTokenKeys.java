package dev.checkout.aws.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that sign page tokens with HMAC-SHA256: the first signs, every one verifies. They come
 * from a secret as one value, the keys separated by white space, so that a rotation can list the new
 * key first and keep the previous one after it until the tokens it signed are no longer in use. Each
 * key is at least 32 characters; none is ever printed.
 */
public final class PageTokenKeys {
    static final int MIN_KEY_LENGTH = 32;
    static final int MAX_KEYS = 4;

    private final List<SecretKeySpec> keys;

    private PageTokenKeys(List<SecretKeySpec> keys) {
        this.keys = keys;
    }

    /**
     * The keys in {@code secretValue}, in order.
     *
     * @throws IllegalStateException when it holds no key, more than {@value #MAX_KEYS}, or one shorter than {@value #MIN_KEY_LENGTH} characters
     */
    public static PageTokenKeys parse(String secretValue) {
        List<String> parts = secretValue == null ? List.of() : Arrays.stream(secretValue.trim().split("\\s+")).filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty() || parts.size() > MAX_KEYS) {
            throw new IllegalStateException("the page token secret must hold 1 to " + MAX_KEYS + " keys separated by white space, the signing key first");
        }
        if (parts.stream().anyMatch(p -> p.length() < MIN_KEY_LENGTH)) {
            throw new IllegalStateException("each page token key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return new PageTokenKeys(parts.stream().map(p -> new SecretKeySpec(p.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList());
    }

    SecretKeySpec signing() {
        return keys.get(0);
    }

    List<SecretKeySpec> verifying() {
        return keys;
    }

    @Override
    public String toString() {
        return "PageTokenKeys[" + keys.size() + " key(s), values not shown]";
    }
}
