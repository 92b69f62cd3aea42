package dev.checkout.aws.dynamodb;

import dev.checkout.domain.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page tokens of GSI1 queries: the last evaluated key, signed with HMAC-SHA256 over the key
 * and the {@link PageScope} it was issued for (query, partition, filters), so that a token is
 * accepted only unaltered and only by the same query of the same caller with the same filters.
 * Anything else is a {@link ValidationException} (400) before any read: the signature is checked
 * first, then the key's fields (none empty, the scope's partition and item sort key).
 *
 * <p>A token is URL-safe base64 without padding of: a format byte, the four key attributes
 * ({@code PK}, {@code SK}, {@code GSI1PK}, {@code GSI1SK}) each as a length-prefixed UTF-8 string,
 * and the 32-byte signature. A position token (format 2, {@link #issuePosition}) holds instead the
 * fields its query needs to go on, such as the GSI3 day and sort key where a merge of shards stopped. The keys are read through {@code keys} when the first token is issued
 * or checked.
 */
public final class PageTokens {
    private static final byte FORMAT = 1;
    private static final byte POSITION_FORMAT = 2;
    private static final int SIGNATURE_BYTES = 32;
    /** Far above any token issued here (a few hundred characters): longer ones are refused unread. */
    static final int MAX_TOKEN_LENGTH = 2048;
    private static final List<String> KEY_ATTRIBUTES = List.of(TableKeys.PK, TableKeys.SK, TableKeys.GSI1PK, TableKeys.GSI1SK);

    private final Supplier<PageTokenKeys> keys;

    public PageTokens(Supplier<PageTokenKeys> keys) {
        this.keys = keys;
    }

    /** The token of the page after the one that ended at {@code lastEvaluatedKey}; null when there is no such page. */
    String issue(PageScope scope, Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        var fields = new ArrayList<String>();
        for (String attribute : KEY_ATTRIBUTES) {
            AttributeValue value = lastEvaluatedKey.get(attribute);
            if (value == null || value.s() == null) {
                throw new IllegalStateException("the last evaluated key has no string " + attribute);
            }
            fields.add(value.s());
        }
        return encode(FORMAT, scope, fields);
    }

    /**
     * The exclusive start key that {@code token} stands for, or null for the first page (no token).
     *
     * @throws ValidationException when {@code token} was not issued for {@code scope} by a key of this deployment, or was altered
     */
    Map<String, AttributeValue> startKey(String token, PageScope scope) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        List<String> fields = decode(FORMAT, token, scope, KEY_ATTRIBUTES.size());
        if (!fields.get(1).equals(scope.itemSortKey()) || !fields.get(2).equals(scope.partition())) {
            throw refused();
        }
        return Map.of(
                TableKeys.PK, AttributeValue.fromS(fields.get(0)),
                TableKeys.SK, AttributeValue.fromS(fields.get(1)),
                TableKeys.GSI1PK, AttributeValue.fromS(fields.get(2)),
                TableKeys.GSI1SK, AttributeValue.fromS(fields.get(3)));
    }

    /**
     * A token of a query that is not one Query's run, such as one merged from several partitions: the
     * {@code position} fields (none empty) that say where its next page starts, signed with {@code scope}.
     */
    String issuePosition(PageScope scope, List<String> position) {
        return encode(POSITION_FORMAT, scope, position);
    }

    /**
     * The {@code fields} position fields of a token from {@link #issuePosition}, or null for the first page (no token).
     *
     * @throws ValidationException when {@code token} was not issued for {@code scope} by a key of this deployment, or was altered
     */
    List<String> position(String token, PageScope scope, int fields) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        return decode(POSITION_FORMAT, token, scope, fields);
    }

    private String encode(byte format, PageScope scope, List<String> fields) {
        var payload = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(payload)) {
            out.writeByte(format);
            for (String field : fields) {
                out.writeUTF(field);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] content = payload.toByteArray();
        byte[] signature = sign(keys.get().signing(), scope, content);
        byte[] token = Arrays.copyOf(content, content.length + SIGNATURE_BYTES);
        System.arraycopy(signature, 0, token, content.length, SIGNATURE_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The {@code count} fields of a token of {@code format}, once its signature over {@code scope} is checked; none empty. */
    private List<String> decode(byte format, String token, PageScope scope, int count) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw refused();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        if (bytes.length <= 1 + SIGNATURE_BYTES || bytes[0] != format) {
            throw refused();
        }
        byte[] content = Arrays.copyOf(bytes, bytes.length - SIGNATURE_BYTES);
        byte[] signature = Arrays.copyOfRange(bytes, bytes.length - SIGNATURE_BYTES, bytes.length);
        boolean signed = false;
        for (SecretKeySpec key : keys.get().verifying()) {
            signed |= MessageDigest.isEqual(signature, sign(key, scope, content));
        }
        if (!signed) {
            throw refused();
        }
        List<String> fields = fields(content, count);
        if (fields.stream().anyMatch(String::isEmpty)) {
            throw refused();
        }
        return fields;
    }

    private static List<String> fields(byte[] content, int count) {
        try (var in = new DataInputStream(new ByteArrayInputStream(content))) {
            in.readByte();
            var fields = new ArrayList<String>();
            for (int i = 0; i < count; i++) {
                fields.add(in.readUTF());
            }
            if (in.available() != 0) {
                throw refused();
            }
            return fields;
        } catch (IOException e) {
            throw refused();
        }
    }

    /** HMAC-SHA256 of the scope and then the token's content, each field length-prefixed so that no two inputs run together. */
    private static byte[] sign(SecretKeySpec key, PageScope scope, byte[] content) {
        var signed = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(signed)) {
            out.writeUTF(scope.query());
            out.writeUTF(scope.partition());
            out.writeUTF(scope.itemSortKey());
            out.writeShort(scope.filters().size());
            for (String filter : scope.filters()) {
                out.writeUTF(filter);
            }
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signed.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static ValidationException refused() {
        return new ValidationException("nextToken was not issued for this request (same caller, filters and route), or was altered; start again without it");
    }
}
