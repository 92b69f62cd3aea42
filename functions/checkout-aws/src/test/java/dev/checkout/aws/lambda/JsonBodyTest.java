package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JsonBodyTest {

    @Test
    void optionalLong_isEmpty_whenTheFieldIsLeftOut() {
        assertEquals(Optional.empty(), JsonBody.parse("{\"reason\":\"damaged\"}").optionalLong("amount", 1, 100));
    }

    @Test
    void parse_refusesAnEscapedUnpairedSurrogate_inAFieldNoHandlerReads() {
        ValidationException refused = assertThrows(ValidationException.class,
                () -> JsonBody.parse("{\"reason\":\"damaged\",\"note\":[\"ok\",\"\\udc00\"]}"));

        assertEquals("note[1] must be valid Unicode text (it holds an unpaired UTF-16 surrogate)", refused.getMessage());
    }

    @Test
    void parse_takesAnEscapedSurrogatePair() {
        assertEquals("\uD83D\uDE00", JsonBody.parse("{\"reason\":\"\\ud83d\\ude00\"}").requiredString("reason", 10));
    }

    @Test
    void optionalLong_rejectsAnExplicitNull_soARefundOfNullIsNotARefundOfEverything() {
        JsonBody body = JsonBody.parse("{\"amount\":null,\"reason\":\"damaged\"}");

        assertThrows(ValidationException.class, () -> body.optionalLong("amount", 1, 100));
    }
}
