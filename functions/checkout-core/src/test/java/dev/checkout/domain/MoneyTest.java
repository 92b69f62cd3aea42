package dev.checkout.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MoneyTest {

    @Test
    void plus_addsMinorUnits_inTheSameCurrency() {
        assertEquals(Money.of(3000, "USD"), Money.of(1999, "USD").plus(Money.of(1001, "USD")));
    }

    @Test
    void plus_refusesToMixCurrencies() {
        var e = assertThrows(CurrencyMismatchException.class, () -> Money.of(1, "USD").plus(Money.of(1, "EUR")));
        assertEquals("CURRENCY_MISMATCH", e.code());
    }

    @Test
    void plusAndTimes_refuseToOverflow() {
        assertThrows(AmountOverflowException.class, () -> Money.of(Long.MAX_VALUE, "USD").plus(Money.of(1, "USD")));
        assertThrows(AmountOverflowException.class, () -> Money.of(Long.MAX_VALUE / 2 + 1, "USD").times(2));
    }

    @Test
    void constructor_refusesNegativeAmountsAndUnknownCurrencies() {
        assertThrows(ValidationException.class, () -> Money.of(-1, "USD"));
        assertThrows(ValidationException.class, () -> Money.of(1, "usd"));
        assertThrows(ValidationException.class, () -> Money.of(1, "XYZ"));
        assertThrows(ValidationException.class, () -> Money.of(1, "DOLLARS"));
    }

    @Test
    void minus_refusesToGoBelowZero() {
        assertEquals(Money.of(1, "JPY"), Money.of(3, "JPY").minus(Money.of(2, "JPY")));
        assertThrows(ValidationException.class, () -> Money.of(1, "JPY").minus(Money.of(2, "JPY")));
    }

    @Test
    void arithmetic_agreesWithExactLongArithmetic_forRandomAmounts() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong() >>> 2;
            long b = random.nextLong() >>> 2;
            long q = random.nextInt(1001);
            Money sum = Money.of(a, "EUR").plus(Money.of(b, "EUR"));
            assertEquals(a + b, sum.amount());
            assertEquals(Money.of(a, "EUR"), sum.minus(Money.of(b, "EUR")));
            try {
                assertEquals(Math.multiplyExact(a, q), Money.of(a, "EUR").times(q).amount());
            } catch (ArithmeticException overflow) {
                assertThrows(AmountOverflowException.class, () -> Money.of(a, "EUR").times(q));
            }
        }
    }
}
