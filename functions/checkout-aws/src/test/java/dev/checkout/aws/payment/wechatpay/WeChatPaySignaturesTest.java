package dev.checkout.aws.payment.wechatpay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: the signed texts, the Authorization header, and AES-256-GCM resources, as WeChat Pay's API v3 documents them. */
@Tag("unit")
class WeChatPaySignaturesTest {
    private static final byte[] NO_BODY = new byte[0];

    @Test
    void requestMessage_isMethodPathTimestampNonceAndBody_eachEndedByANewline() {
        byte[] message = WeChatPaySignatures.requestMessage("get", "/v3/certificates", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", NO_BODY);

        assertEquals("GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n", new String(message, StandardCharsets.UTF_8));
    }

    @Test
    void requestMessage_keepsTheQueryAndTheBodyBytesAsSent() {
        byte[] body = "{\"description\":\"订单 1\"}".getBytes(StandardCharsets.UTF_8);

        byte[] message = WeChatPaySignatures.requestMessage("POST", "/v3/pay/transactions/out-trade-no/A1?mchid=1900000109", 1, "N", body);

        assertEquals("POST\n/v3/pay/transactions/out-trade-no/A1?mchid=1900000109\n1\nN\n{\"description\":\"订单 1\"}\n",
                new String(message, StandardCharsets.UTF_8));
    }

    @Test
    void responseMessage_isTimestampNonceAndBody() {
        assertEquals("1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{\"a\":1}\n", new String(
                WeChatPaySignatures.responseMessage("1554209980", "c5ac7061fccab6bf3e254dcf98995b8c", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }

    @Test
    void authorization_namesTheMerchantAndSignsWithSha256WithRsa_verifiableWithTheMerchantsPublicKey() throws Exception {
        String header = WeChatPaySignatures.authorization("1900000109", "SERIAL1", TestMerchant.MERCHANT.getPrivate(), "POST",
                "/v3/pay/transactions/native", 1700000000, "NONCE123", "{}".getBytes(StandardCharsets.UTF_8));

        Matcher matcher = Pattern.compile("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000109\",nonce_str=\"NONCE123\",timestamp=\"1700000000\","
                + "serial_no=\"SERIAL1\",signature=\"([A-Za-z0-9+/=]+)\"").matcher(header);
        assertTrue(matcher.matches(), header);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(TestMerchant.MERCHANT.getPublic());
        verifier.update("POST\n/v3/pay/transactions/native\n1700000000\nNONCE123\n{}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(matcher.group(1))));
    }

    @Test
    void verify_refusesASignatureByAnotherKey_orOverAnotherMessage_orMalformed() {
        byte[] message = "1\nN\n{}\n".getBytes(StandardCharsets.UTF_8);
        String signature = WeChatPaySignatures.sign(TestMerchant.PLATFORM.getPrivate(), message);

        assertTrue(WeChatPaySignatures.verify(TestMerchant.PLATFORM.getPublic(), message, signature));
        assertFalse(WeChatPaySignatures.verify(TestMerchant.MERCHANT.getPublic(), message, signature));
        assertFalse(WeChatPaySignatures.verify(TestMerchant.PLATFORM.getPublic(), "1\nN\n{} \n".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(WeChatPaySignatures.verify(TestMerchant.PLATFORM.getPublic(), message, "not base64!"));
        assertFalse(WeChatPaySignatures.verify(TestMerchant.PLATFORM.getPublic(), message, null));
    }

    @Test
    void decrypt_readsCiphertextFollowedByTheTag_withTheNonceAsIvAndTheAssociatedDataAsAad() throws Exception {
        // encrypted independently with the JDK's cipher, as WeChat Pay lays it out
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(TestMerchant.API_V3_KEY.getBytes(StandardCharsets.UTF_8), "AES"),
                new GCMParameterSpec(128, "fdasflkja484".getBytes(StandardCharsets.UTF_8)));
        cipher.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal("{\"trade_state\":\"SUCCESS\",\"说明\":\"支付\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"trade_state\":\"SUCCESS\",\"说明\":\"支付\"}".getBytes(StandardCharsets.UTF_8).length + 16, sealed.length);

        String plaintext = NotificationResource.decrypt(TestMerchant.API_V3_KEY, "fdasflkja484", "transaction",
                Base64.getEncoder().encodeToString(sealed));

        assertEquals("{\"trade_state\":\"SUCCESS\",\"说明\":\"支付\"}", plaintext);
    }

    @Test
    void decrypt_refusesAlteredCiphertextAssociatedDataNonceOrKey() {
        String sealed = NotificationResource.encrypt(TestMerchant.API_V3_KEY, "fdasflkja484", "transaction", "{\"a\":1}");
        byte[] altered = Base64.getDecoder().decode(sealed);
        altered[0] ^= 1;

        assertThrows(NotificationResource.UndecryptableResourceException.class, () -> NotificationResource.decrypt(
                TestMerchant.API_V3_KEY, "fdasflkja484", "transaction", Base64.getEncoder().encodeToString(altered)));
        assertThrows(NotificationResource.UndecryptableResourceException.class, () -> NotificationResource.decrypt(
                TestMerchant.API_V3_KEY, "fdasflkja484", "refund", sealed));
        assertThrows(NotificationResource.UndecryptableResourceException.class, () -> NotificationResource.decrypt(
                TestMerchant.API_V3_KEY, "fdasflkja485", "transaction", sealed));
        assertThrows(NotificationResource.UndecryptableResourceException.class, () -> NotificationResource.decrypt(
                "b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb", "fdasflkja484", "transaction", sealed));
        assertThrows(NotificationResource.UndecryptableResourceException.class, () -> NotificationResource.decrypt(
                TestMerchant.API_V3_KEY, "fdasflkja484", "transaction", "%%%"));
    }

    @Test
    void encryptThenDecrypt_givesTheTextBack() {
        String sealed = NotificationResource.encrypt(TestMerchant.API_V3_KEY, "0123456789ab", "", "退款成功");

        assertArrayEquals("退款成功".getBytes(StandardCharsets.UTF_8),
                NotificationResource.decrypt(TestMerchant.API_V3_KEY, "0123456789ab", "", sealed).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nonce_is32LettersAndDigits_andDiffersEachTime() {
        String nonce = WeChatPaySignatures.nonce();

        assertTrue(nonce.matches("[A-Z0-9]{32}"), nonce);
        assertFalse(nonce.equals(WeChatPaySignatures.nonce()));
    }
}
