package dev.checkout.aws.payment.wechatpay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted {@code resource} of a WeChat Pay notification: {@code AEAD_AES_256_GCM} with the APIv3 key, the
 * resource's {@code nonce} (12 characters) as IV, its {@code associated_data} as AAD, and {@code ciphertext} =
 * base64(ciphertext ‖ 16-byte tag).
 */
public final class NotificationResource {
    public static final String ALGORITHM = "AEAD_AES_256_GCM";
    private static final int TAG_BITS = 128;

    private NotificationResource() {
    }

    /** The plaintext. */
    public static String decrypt(String apiV3Key, String nonce, String associatedData, String base64Ciphertext) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, apiV3Key, nonce, associatedData);
            return new String(cipher.doFinal(Base64.getDecoder().decode(base64Ciphertext)), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UndecryptableResourceException("the resource does not decrypt: wrong key, or ciphertext, nonce or associated data altered");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new UndecryptableResourceException("the resource is malformed: " + e.getClass().getSimpleName());
        }
    }

    /** base64(ciphertext ‖ tag) of {@code plaintext}, as WeChat Pay encrypts a resource. */
    public static String encrypt(String apiV3Key, String nonce, String associatedData, String plaintext) {
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, apiV3Key, nonce, associatedData);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with AES-256-GCM", e);
        }
    }

    private static Cipher cipher(int mode, String apiV3Key, String nonce, String associatedData) throws GeneralSecurityException {
        byte[] key = apiV3Key.getBytes(StandardCharsets.UTF_8);
        if (key.length != 32) {
            throw new IllegalArgumentException("the APIv3 key must be 32 bytes");
        }
        if (nonce == null || nonce.isEmpty()) {
            throw new IllegalArgumentException("the resource has no nonce");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
        if (associatedData != null) {
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        }
        return cipher;
    }

    /** The resource cannot be decrypted with this key: altered, or not ours. */
    public static final class UndecryptableResourceException extends RuntimeException {
        UndecryptableResourceException(String message) {
            super(message);
        }
    }
}
