package dev.checkout.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: the local cloud's secrets generated as CloudFormation's {@code GenerateSecretString} describes them. */
@Tag("unit")
class LocalSecretsManagerTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void theTemplatesPageTokenKey_isLettersAndDigits_ofItsLength_withEachType() {
        for (int i = 0; i < 50; i++) {
            String value = LocalSecretsManager.generate("PageTokenKeySecret", Map.of("PasswordLength", 64, "ExcludePunctuation", true), random);

            assertEquals(64, value.length());
            assertTrue(value.matches("[A-Za-z0-9]+"), value);
            assertTrue(value.matches(".*[A-Z].*") && value.matches(".*[a-z].*") && value.matches(".*[0-9].*"), value);
        }
    }

    @Test
    void excludedCharacters_spaces_andTheDefaultLength_areAsDescribed() {
        String value = LocalSecretsManager.generate("s", Map.of("ExcludeCharacters", "aeiouAEIOU0", "IncludeSpace", true,
                "RequireEachIncludedType", false), random);

        assertEquals(32, value.length());
        assertTrue(value.chars().noneMatch(c -> "aeiouAEIOU0".indexOf(c) >= 0), value);
    }

    @Test
    void aTemplate_getsTheGeneratedValueUnderItsKey() throws Exception {
        String value = LocalSecretsManager.generate("s", Map.of("SecretStringTemplate", "{\"user\":\"checkout\"}", "GenerateStringKey", "password",
                "PasswordLength", 20), random);

        var json = new ObjectMapper().readTree(value);
        assertEquals("checkout", json.path("user").asText());
        assertEquals(20, json.path("password").asText().length());
    }

    @Test
    void aDescriptionThatLeavesNothingToGenerate_failsTheStart() {
        assertThrows(IllegalStateException.class, () -> LocalSecretsManager.generate("s", Map.of("ExcludeUppercase", true, "ExcludeLowercase", true,
                "ExcludeNumbers", true, "ExcludePunctuation", true), random));
        assertThrows(IllegalStateException.class, () -> LocalSecretsManager.generate("s", Map.of("GenerateStringKey", "password"), random));
    }
}
