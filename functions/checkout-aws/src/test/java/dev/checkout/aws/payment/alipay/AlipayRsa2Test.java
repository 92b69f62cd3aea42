package dev.checkout.aws.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.checkout.local.payments.RsaKeys;
import java.security.KeyPair;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AlipayRsa2Test {
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void generateKeys() {
        keys = RsaKeys.generate();
        otherKeys = RsaKeys.generate();
    }

    private static Map<String, String> request() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("method", "alipay.trade.query");
        params.put("app_id", "2021000000000001");
        params.put("timestamp", "2026-12-06 03:00:00");
        params.put("sign_type", "RSA2");
        params.put("biz_content", "{\"out_trade_no\":\"pay_01ARZ3NDEKTSV4RRFFQ69G5FAV_1\",\"subject\":\"订单 & co\"}");
        params.put("charset", "utf-8");
        return params;
    }

    @Test
    void requestContent_sortsByName_keepsRawValues_includesSignTypeButNotSign() {
        Map<String, String> params = request();
        params.put("sign", "xyz");
        params.put("notify_url", "");

        assertEquals("app_id=2021000000000001&biz_content={\"out_trade_no\":\"pay_01ARZ3NDEKTSV4RRFFQ69G5FAV_1\",\"subject\":\"订单 & co\"}"
                + "&charset=utf-8&method=alipay.trade.query&sign_type=RSA2&timestamp=2026-12-06 03:00:00",
                AlipayRsa2.requestContent(params));
    }

    @Test
    void notificationContent_leavesOutSignAndSignType() {
        Map<String, String> params = Map.of("notify_id", "n1", "sign_type", "RSA2", "sign", "s", "app_id", "a");

        assertEquals("app_id=a&notify_id=n1", AlipayRsa2.notificationContent(params));
    }

    @Test
    void signature_verifiesWithTheMatchingPublicKey() {
        String content = AlipayRsa2.requestContent(request());

        String sign = AlipayRsa2.sign(content, keys.getPrivate());

        assertTrue(AlipayRsa2.verify(content, sign, keys.getPublic()));
        assertFalse(AlipayRsa2.verify(content, sign, otherKeys.getPublic()));
    }

    @Test
    void signature_failsWhenAParameterIsTampered() {
        Map<String, String> params = request();
        String sign = AlipayRsa2.sign(AlipayRsa2.requestContent(params), keys.getPrivate());

        params.put("biz_content", params.get("biz_content").replace("_1", "_2"));

        assertFalse(AlipayRsa2.verify(AlipayRsa2.requestContent(params), sign, keys.getPublic()));
    }

    @Test
    void signature_doesNotDependOnTheOrderParametersCameIn() {
        Map<String, String> params = request();
        String sign = AlipayRsa2.sign(AlipayRsa2.requestContent(params), keys.getPrivate());
        Map<String, String> reversed = new LinkedHashMap<>();
        params.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(k -> reversed.put(k, params.get(k)));

        assertTrue(AlipayRsa2.verify(AlipayRsa2.requestContent(reversed), sign, keys.getPublic()));
    }

    @Test
    void notificationSignature_holdsWhateverTheSignTypeSays() {
        Map<String, String> params = new LinkedHashMap<>(Map.of("notify_id", "n1", "app_id", "a", "trade_status", "TRADE_SUCCESS"));
        String sign = AlipayRsa2.sign(AlipayRsa2.notificationContent(params), keys.getPrivate());
        params.put("sign_type", "RSA2");

        assertTrue(AlipayRsa2.verify(AlipayRsa2.notificationContent(params), sign, keys.getPublic()));
        assertFalse(AlipayRsa2.verify(AlipayRsa2.requestContent(params), sign, keys.getPublic()));
    }

    @Test
    void verify_isFalseForMalformedSignatures() {
        assertFalse(AlipayRsa2.verify("a=b", "not base64 !!", keys.getPublic()));
        assertFalse(AlipayRsa2.verify("a=b", null, keys.getPublic()));
    }

    @Test
    void responseObjectText_isTheExactSubstringWithItsSpacingAndEscapes() {
        String inner = "{\"code\":\"10000\", \"msg\":\"Success\",\"subject\":\"\\u8ba2\\u5355\",\"nested\":{\"a\":[1,{\"b\":\"}\"}]}}";
        String text = "{\"alipay_trade_query_response\":" + inner + ",\"sign\":\"abc\"}";

        assertEquals(Optional.of(inner), AlipayRsa2.responseObjectText(text, "alipay_trade_query_response"));
        assertEquals(Optional.empty(), AlipayRsa2.responseObjectText(text, "alipay_trade_refund_response"));
        assertEquals(Optional.empty(), AlipayRsa2.responseObjectText("<html>", "alipay_trade_query_response"));
    }

    @Test
    void responseObjectText_findsTheObjectWhenTheSignComesFirst() {
        String text = "{\"sign\":\"abc\",\"alipay_trade_query_response\":{\"code\":\"10000\"}}";

        assertEquals(Optional.of("{\"code\":\"10000\"}"), AlipayRsa2.responseObjectText(text, "alipay_trade_query_response"));
    }

    @Test
    void keys_areReadFromPemAndFromBareBase64() {
        String bare = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());

        assertEquals(keys.getPrivate(), AlipayRsa2.privateKey(bare));
        assertEquals(keys.getPrivate(), AlipayRsa2.privateKey(AlipayRsa2.pem(keys.getPrivate())));
        assertEquals(keys.getPublic(), AlipayRsa2.publicKey(AlipayRsa2.pem(keys.getPublic())));
        assertEquals(keys.getPublic(), AlipayRsa2.publicKey(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
    }

    @Test
    void keys_refuseTextThatIsNoKey() {
        assertThrows(IllegalArgumentException.class, () -> AlipayRsa2.privateKey("bm90IGEga2V5"));
        assertThrows(IllegalArgumentException.class, () -> AlipayRsa2.publicKey("%%%"));
        assertThrows(IllegalArgumentException.class, () -> AlipayRsa2.publicKey(""));
    }
}
