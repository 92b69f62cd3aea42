package dev.checkout.aws.dynamodb;

import dev.checkout.domain.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page tokens for GSI1 queries: the last evaluated key, bound to the index partition it
 * pages, so that a token cannot be replayed against another user's orders.
 */
final class PageTokens {
    private PageTokens() {
    }

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return null;
        }
        String joined = String.join("\n",
                lastEvaluatedKey.get(TableKeys.PK).s(), lastEvaluatedKey.get(TableKeys.SK).s(),
                lastEvaluatedKey.get(TableKeys.GSI1PK).s(), lastEvaluatedKey.get(TableKeys.GSI1SK).s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** The start key for {@code token}, or null for the first page. */
    static Map<String, AttributeValue> decode(String token, String expectedPartition) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 4 && parts[2].equals(expectedPartition)) {
                return Map.of(
                        TableKeys.PK, AttributeValue.fromS(parts[0]),
                        TableKeys.SK, AttributeValue.fromS(parts[1]),
                        TableKeys.GSI1PK, AttributeValue.fromS(parts[2]),
                        TableKeys.GSI1SK, AttributeValue.fromS(parts[3]));
            }
        } catch (IllegalArgumentException e) {
            // not base64: falls through to the validation error
        }
        throw new ValidationException("nextToken is not a token this API issued");
    }
}
