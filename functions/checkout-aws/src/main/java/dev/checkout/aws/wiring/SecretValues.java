package dev.checkout.aws.wiring;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads a secret's value either from a plain environment variable (local runs) or from AWS Secrets
 * Manager by ARN (production). The value is returned to its user and never logged.
 */
final class SecretValues {
    private final FunctionEnvironment env;
    private final AwsClients clients;
    private final Map<String, String> values = new HashMap<>();
    private SecretsManagerClient secretsManager;

    SecretValues(FunctionEnvironment env, AwsClients clients) {
        this.env = env;
        this.clients = clients;
    }

    /** Fails, naming both, when neither {@code plainVariable} nor {@code arnVariable} is set; reads nothing. */
    void requireConfigured(String plainVariable, String arnVariable) {
        if (env.optional(plainVariable).isEmpty()) {
            arn(plainVariable, arnVariable);
        }
    }

    /** {@code plainVariable} if set, else the secret whose ARN {@code arnVariable} holds; fails naming both when neither is set. */
    String read(String plainVariable, String arnVariable) {
        var plain = env.optional(plainVariable);
        if (plain.isPresent()) {
            return plain.get();
        }
        String arn = arn(plainVariable, arnVariable);
        synchronized (values) {
            // A key two of a platform's settings hold (WeChat Pay's platform key) is asked for once.
            return values.computeIfAbsent(arn, key -> fetch(key, arnVariable));
        }
    }

    private String fetch(String arn, String arnVariable) {
        try {
            String value = client().getSecretValue(r -> r.secretId(arn)).secretString();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("the secret named by " + arnVariable + " has no string value");
            }
            return value.trim();
        } catch (SdkException e) {
            throw new IllegalStateException("could not read the secret named by " + arnVariable + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private String arn(String plainVariable, String arnVariable) {
        return env.optional(arnVariable).orElseThrow(() -> new IllegalStateException(
                "set " + arnVariable + " (a Secrets Manager secret) or, for local runs, " + plainVariable));
    }

    private synchronized SecretsManagerClient client() {
        if (secretsManager == null) {
            secretsManager = clients.configure(SecretsManagerClient.builder(), "SECRETSMANAGER").build();
        }
        return secretsManager;
    }
}
