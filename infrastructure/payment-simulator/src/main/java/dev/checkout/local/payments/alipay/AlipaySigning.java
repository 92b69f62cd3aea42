package dev.checkout.local.payments.alipay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** RSA2 (SHA256withRSA) as Alipay's gateway applies it; the simulator's own copy, so it depends on no adapter. */
final class AlipaySigning {
    private AlipaySigning() {
    }

    /** Sorted {@code k=v&...} of the non-empty parameters, raw values, without {@code excluded}. */
    static String content(Map<String, String> params, Set<String> excluded) {
        StringBuilder content = new StringBuilder();
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            if (excluded.contains(param.getKey()) || param.getValue() == null || param.getValue().isEmpty()) {
                continue;
            }
            if (!content.isEmpty()) {
                content.append('&');
            }
            content.append(param.getKey()).append('=').append(param.getValue());
        }
        return content.toString();
    }

    static String sign(String content, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(String content, String sign, PublicKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getMimeDecoder().decode(sign));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static PublicKey publicKey(String pemOrBase64) {
        String base64 = pemOrBase64.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the app public key is not an X.509 RSA key in PEM or base64", e);
        }
    }

    static String base64(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
