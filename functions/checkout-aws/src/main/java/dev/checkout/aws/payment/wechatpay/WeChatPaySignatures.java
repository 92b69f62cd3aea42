package dev.checkout.aws.payment.wechatpay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.Locale;

/**
 * WeChat Pay API v3 signatures (SHA256withRSA, base64): the merchant signs each request,
 * {@code METHOD\nPATH?QUERY\ntimestamp\nnonce\nbody\n}, and sends it in the {@code Authorization} header; the
 * platform signs each response and notification, {@code timestamp\nnonce\nbody\n}, in {@code Wechatpay-Signature}.
 * The body is signed as the exact bytes sent or received.
 */
public final class WeChatPaySignatures {
    public static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
    /** How far a response's or notification's timestamp may be from now, either side. */
    public static final long TOLERANCE_SECONDS = 300;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private WeChatPaySignatures() {
    }

    /** The text a request signature covers. {@code pathAndQuery} as sent, e.g. {@code /v3/pay/transactions/out-trade-no/1?mchid=2}. */
    public static byte[] requestMessage(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        return message(method.toUpperCase(Locale.ROOT) + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n", body);
    }

    /** The text a response or notification signature covers. */
    public static byte[] responseMessage(String timestamp, String nonce, byte[] body) {
        return message(timestamp + "\n" + nonce + "\n", body);
    }

    /** The {@code Authorization} header of a request. */
    public static String authorization(String mchId, String serialNumber, PrivateKey merchantKey, String method,
                                       String pathAndQuery, long timestamp, String nonce, byte[] body) {
        String signature = sign(merchantKey, requestMessage(method, pathAndQuery, timestamp, nonce, body));
        return SCHEMA + " mchid=\"" + mchId + "\",nonce_str=\"" + nonce + "\",timestamp=\"" + timestamp
                + "\",serial_no=\"" + serialNumber + "\",signature=\"" + signature + "\"";
    }

    /** Base64 SHA256withRSA of {@code message}. */
    public static String sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(message);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the merchant key", e);
        }
    }

    /** Whether {@code base64Signature} is {@code key}'s SHA256withRSA signature of {@code message}; false for malformed input. */
    public static boolean verify(PublicKey key, byte[] message, String base64Signature) {
        if (base64Signature == null || base64Signature.isBlank()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(Base64.getDecoder().decode(base64Signature.trim()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** 32 random upper-case letters and digits. */
    public static String nonce() {
        char[] nonce = new char[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARACTERS[RANDOM.nextInt(NONCE_CHARACTERS.length)];
        }
        return new String(nonce);
    }

    private static byte[] message(String head, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.write('\n');
        return out.toByteArray();
    }
}
