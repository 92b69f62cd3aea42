package dev.checkout.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void optionalLong_isEmpty_whenTheFieldIsLeftOut() {
        assertEquals(Optional.empty(), JsonBody.parse("{\"reason\":\"damaged\"}").optionalLong("amount", 1, 100));
    }

    @Test
    void optionalLong_rejectsAnExplicitNull_soARefundOfNullIsNotARefundOfEverything() {
        JsonBody body = JsonBody.parse("{\"amount\":null,\"reason\":\"damaged\"}");

        assertThrows(ValidationException.class, () -> body.optionalLong("amount", 1, 100));
    }
}
