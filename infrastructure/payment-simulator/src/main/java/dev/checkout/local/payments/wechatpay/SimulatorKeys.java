package dev.checkout.local.payments.wechatpay;

import dev.checkout.local.payments.RsaKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys a WeChat Pay merchant account holds, generated when the simulator starts: the merchant's API key pair and
 * its certificate serial, the platform's key pair and its id {@code PUB_KEY_ID_...} (public-key mode), and the APIv3
 * key. With them: SHA256withRSA signatures and AES-256-GCM resources as WeChat Pay makes them.
 */
final class SimulatorKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final KeyPair merchant;
    final String merchantSerial;
    final KeyPair platform;
    final String platformKeyId;
    final String apiV3Key;

    SimulatorKeys() {
        this.merchant = RsaKeys.generate();
        this.merchantSerial = HexFormat.of().withUpperCase().formatHex(randomBytes(20));
        this.platform = RsaKeys.generate();
        this.platformKeyId = "PUB_KEY_ID_" + digits(32);
        this.apiV3Key = random(ALPHANUMERIC, 32);
    }

    String signAsPlatform(String timestamp, String nonce, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(platform.getPrivate());
            signer.update((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            signer.update((byte) '\n');
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, String base64Signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(Base64.getDecoder().decode(base64Signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** base64(ciphertext ‖ tag) under the APIv3 key. */
    String encrypt(String nonce, String associatedData, String plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(String alphabet, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return new String(chars);
    }

    static String nonce() {
        return random(ALPHANUMERIC, 32);
    }

    /** The 12-character nonce of an encrypted resource. */
    static String resourceNonce() {
        return random(ALPHANUMERIC, 12);
    }

    static String digits(int length) {
        return random("0123456789", length);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
