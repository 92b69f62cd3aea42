package dev.checkout.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.domain.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Unit tier: the page-token codec alone, no table. */
@Tag("unit")
class PageTokensTest {
    private static final String KEY = "k".repeat(20) + "0123456789abcdefghij";
    private static final String PREVIOUS_KEY = "p".repeat(20) + "0123456789abcdefghij";
    private static final PageTokens TOKENS = tokens(KEY);

    private static final PageScope ALICE_PAID = ordersOf("alice", "PAID");
    private static final Map<String, AttributeValue> ALICE_LAST_KEY = key("ORDER#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", "ORDER", "USER#alice",
            "2026-11-22T10:00:00.000Z#ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0");

    private static PageTokens tokens(String secretValue) {
        PageTokenKeys keys = PageTokenKeys.parse(secretValue);
        return new PageTokens(() -> keys);
    }

    private static PageScope ordersOf(String user, String status) {
        return new PageScope("orders of a user by creation time", "USER#" + user, "ORDER", List.of("from=", "to=", "status=" + status));
    }

    private static Map<String, AttributeValue> key(String pk, String sk, String gsi1pk, String gsi1sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk), "GSI1PK", AttributeValue.fromS(gsi1pk),
                "GSI1SK", AttributeValue.fromS(gsi1sk));
    }

    private static String aliceToken() {
        return TOKENS.issue(ALICE_PAID, ALICE_LAST_KEY);
    }

    private static void assertRefused(PageTokens tokens, String token, PageScope scope) {
        var e = assertThrows(ValidationException.class, () -> tokens.startKey(token, scope), token);
        assertEquals("VALIDATION_FAILED", e.code());
    }

    private static byte[] bytes(String token) {
        return Base64.getUrlDecoder().decode(token);
    }

    private static String token(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void issue_thenStartKey_roundTripsTheLastEvaluatedKey() {
        assertEquals(ALICE_LAST_KEY, TOKENS.startKey(aliceToken(), ALICE_PAID));
    }

    @Test
    void issue_givesUrlSafeBase64WithoutPadding() {
        assertTrue(aliceToken().matches("[A-Za-z0-9_-]+"), aliceToken());
    }

    @Test
    void issue_givesNoToken_afterTheLastPage() {
        assertNull(TOKENS.issue(ALICE_PAID, null));
        assertNull(TOKENS.issue(ALICE_PAID, Map.of()));
    }

    @Test
    void startKey_isNull_forTheFirstPage() {
        assertNull(TOKENS.startKey(null, ALICE_PAID));
        assertNull(TOKENS.startKey("", ALICE_PAID));
    }

    @Test
    void startKey_refusesToken_whenSignatureTampered() {
        byte[] tampered = bytes(aliceToken());
        tampered[tampered.length - 1] ^= 1;

        assertRefused(TOKENS, token(tampered), ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_whenKeyFieldsTampered() {
        String tampered = new String(bytes(aliceToken()), StandardCharsets.ISO_8859_1).replace("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", "ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y1");

        assertRefused(TOKENS, token(tampered.getBytes(StandardCharsets.ISO_8859_1)), ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_whenTruncated() {
        byte[] genuine = bytes(aliceToken());

        for (int length : List.of(genuine.length - 1, genuine.length - 32, genuine.length / 2, 33, 1)) {
            assertRefused(TOKENS, token(Arrays.copyOf(genuine, length)), ALICE_PAID);
        }
        assertRefused(TOKENS, aliceToken().substring(0, aliceToken().length() - 3), ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_whenExtended() {
        byte[] genuine = bytes(aliceToken());

        assertRefused(TOKENS, token(Arrays.copyOf(genuine, genuine.length + 1)), ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_ofAnotherCaller() {
        assertRefused(TOKENS, aliceToken(), ordersOf("bob", "PAID"));
    }

    @Test
    void startKey_refusesToken_whenFilterChanged() {
        assertRefused(TOKENS, aliceToken(), ordersOf("alice", "SHIPPED"));
        assertRefused(TOKENS, aliceToken(), ordersOf("alice", ""));
        assertRefused(TOKENS, aliceToken(), new PageScope("orders of a user by creation time", "USER#alice", "ORDER",
                List.of("from=2026-01-01T00:00:00Z", "to=", "status=PAID")));
    }

    @Test
    void startKey_refusesToken_ofAnotherRoute() {
        var catalog = new PageScope("catalog by SKU", "CATALOG", "PRODUCT", List.of());
        String catalogToken = TOKENS.issue(catalog, key("PRODUCT#MUG-01", "PRODUCT", "CATALOG", "MUG-01"));

        assertRefused(TOKENS, catalogToken, ALICE_PAID);
        assertRefused(TOKENS, aliceToken(), catalog);
        assertRefused(TOKENS, aliceToken(), new PageScope("orders of an admin view", "USER#alice", "ORDER", ALICE_PAID.filters()));
    }

    @Test
    void startKey_refusesToken_whenSignedKeyFieldsAreEmpty() {
        String empty = TOKENS.issue(ALICE_PAID, key("", "", "USER#alice", ""));
        String emptyPk = TOKENS.issue(ALICE_PAID, key("", "ORDER", "USER#alice", "2026-11-22T10:00:00.000Z#x"));

        assertRefused(TOKENS, empty, ALICE_PAID);
        assertRefused(TOKENS, emptyPk, ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_whenSignedKeyIsOutsideTheScopesPartitionOrItems() {
        String otherPartition = TOKENS.issue(ALICE_PAID, key("ORDER#ord_1", "ORDER", "USER#bob", "2026-11-22T10:00:00.000Z#ord_1"));
        String otherItem = TOKENS.issue(ALICE_PAID, key("ORDER#ord_1", "PAYMENT#pay_1", "USER#alice", "2026-11-22T10:00:00.000Z#ord_1"));

        assertRefused(TOKENS, otherPartition, ALICE_PAID);
        assertRefused(TOKENS, otherItem, ALICE_PAID);
    }

    @Test
    void startKey_refusesGarbage() {
        for (String garbage : List.of("forged", "not base64!", "%%%", "eyJhIjoxfQ", "+/8=", "AAAA", "A".repeat(PageTokens.MAX_TOKEN_LENGTH + 1),
                Base64.getUrlEncoder().encodeToString("ORDER#x\nORDER\nUSER#alice\n2026".getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString("\n\nUSER#alice\n".getBytes(StandardCharsets.UTF_8)))) {
            assertRefused(TOKENS, garbage, ALICE_PAID);
        }
    }

    @Test
    void startKey_refusesToken_ofAnotherFormat() {
        byte[] otherFormat = bytes(aliceToken());
        otherFormat[0] = 2;

        assertRefused(TOKENS, token(otherFormat), ALICE_PAID);
    }

    @Test
    void startKey_refusesToken_signedWithAnotherKey() {
        String foreign = tokens("f".repeat(40)).issue(ALICE_PAID, ALICE_LAST_KEY);

        assertRefused(TOKENS, foreign, ALICE_PAID);
    }

    @Test
    void startKey_acceptsToken_signedWithThePreviousKey_whileTheSecretStillListsIt() {
        String signedBefore = tokens(PREVIOUS_KEY).issue(ALICE_PAID, ALICE_LAST_KEY);
        PageTokens rotated = tokens(KEY + " " + PREVIOUS_KEY);

        assertEquals(ALICE_LAST_KEY, rotated.startKey(signedBefore, ALICE_PAID));
        assertEquals(ALICE_LAST_KEY, TOKENS.startKey(rotated.issue(ALICE_PAID, ALICE_LAST_KEY), ALICE_PAID));
        assertRefused(TOKENS, signedBefore, ALICE_PAID);
    }

    @Test
    void keys_refuseAShortKey_noKey_orTooMany() {
        assertThrows(IllegalStateException.class, () -> PageTokenKeys.parse("short"));
        assertThrows(IllegalStateException.class, () -> PageTokenKeys.parse(KEY + " short"));
        assertThrows(IllegalStateException.class, () -> PageTokenKeys.parse("  "));
        assertThrows(IllegalStateException.class, () -> PageTokenKeys.parse(null));
        assertThrows(IllegalStateException.class, () -> PageTokenKeys.parse(String.join(" ", List.of(KEY, KEY, KEY, KEY, KEY))));
    }

    @Test
    void keys_neverShowTheirValues() {
        assertFalse(PageTokenKeys.parse(KEY + "\n" + PREVIOUS_KEY).toString().contains("0123456789"));
    }
}
