package dev.checkout.aws.payment.wechatpay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.local.payments.RsaKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;

/** Keys generated once per test JVM, a config over them, and notifications signed and encrypted as WeChat Pay does. */
final class TestMerchant {
    static final String MCH_ID = "1900000109";
    static final String APP_ID = "wxd678efh567hg6787";
    static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    static final String PLATFORM_KEY_ID = "PUB_KEY_ID_0114232024112100000000000000";
    static final String API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    static final KeyPair MERCHANT = RsaKeys.generate();
    static final KeyPair PLATFORM = RsaKeys.generate();

    private TestMerchant() {
    }

    static WeChatPayConfig config() {
        return new WeChatPayConfig(MCH_ID, APP_ID, MERCHANT_SERIAL, MERCHANT.getPrivate(), API_V3_KEY, PLATFORM_KEY_ID,
                PLATFORM.getPublic(), WeChatPayConfig.DEFAULT_BASE_URI, "https://shop.example/webhooks/wechatpay",
                WeChatPayConfig.DEFAULT_CONNECT_TIMEOUT, WeChatPayConfig.DEFAULT_READ_TIMEOUT);
    }

    /** A notification body: {@code resource} encrypted with {@code apiV3Key}. */
    static String notification(String id, String eventType, String originalType, ObjectNode resource, String apiV3Key) {
        String nonce = "fdasflkja484";
        String associatedData = originalType;
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("create_time", "2026-12-05T20:00:00+08:00");
        body.put("resource_type", "encrypt-resource");
        body.put("event_type", eventType);
        body.put("summary", "支付成功");
        ObjectNode encrypted = body.putObject("resource");
        encrypted.put("original_type", originalType);
        encrypted.put("algorithm", "AEAD_AES_256_GCM");
        encrypted.put("ciphertext", NotificationResource.encrypt(apiV3Key, nonce, associatedData, Json.write(resource)));
        encrypted.put("associated_data", associatedData);
        encrypted.put("nonce", nonce);
        return Json.write(body);
    }

    static ObjectNode transaction(String outTradeNo, String tradeState, long total) {
        ObjectNode transaction = Json.object();
        transaction.put("appid", APP_ID);
        transaction.put("mchid", MCH_ID);
        transaction.put("out_trade_no", outTradeNo);
        transaction.put("transaction_id", "4200000000202612050000000001");
        transaction.put("trade_type", "NATIVE");
        transaction.put("trade_state", tradeState);
        transaction.put("trade_state_desc", "支付成功");
        transaction.put("success_time", "2026-12-05T20:00:00+08:00");
        transaction.putObject("payer").put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        transaction.putObject("amount").put("total", total).put("payer_total", total).put("currency", "CNY").put("payer_currency", "CNY");
        return transaction;
    }

    static ObjectNode refund(String outTradeNo, String outRefundNo, String status, long refund, long total) {
        ObjectNode object = Json.object();
        object.put("mchid", MCH_ID);
        object.put("out_trade_no", outTradeNo);
        object.put("transaction_id", "4200000000202612050000000001");
        object.put("out_refund_no", outRefundNo);
        object.put("refund_id", "50000000382019052709732678859");
        object.put("refund_status", status);
        object.put("success_time", "2026-12-05T20:10:00+08:00");
        object.put("user_received_account", "支付用户零钱");
        object.putObject("amount").put("total", total).put("refund", refund).put("payer_total", total).put("payer_refund", refund);
        return object;
    }

    /** The headers API Gateway hands over (lower case) for {@code body} signed with {@code key} at {@code timestamp}. */
    static Map<String, String> signedHeaders(String body, KeyPair key, String serial, long timestamp) {
        String nonce = WeChatPaySignatures.nonce();
        String signature = WeChatPaySignatures.sign(key.getPrivate(),
                WeChatPaySignatures.responseMessage(Long.toString(timestamp), nonce, body.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = new HashMap<>();
        headers.put("wechatpay-timestamp", Long.toString(timestamp));
        headers.put("wechatpay-nonce", nonce);
        headers.put("wechatpay-serial", serial);
        headers.put("wechatpay-signature", signature);
        headers.put("wechatpay-signature-type", "WECHATPAY2-SHA256-RSA2048");
        return headers;
    }
}
