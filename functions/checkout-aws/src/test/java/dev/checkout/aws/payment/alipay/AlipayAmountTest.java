package dev.checkout.aws.payment.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.checkout.domain.Money;
import dev.checkout.domain.ValidationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class AlipayAmountTest {

    @ParameterizedTest
    @CsvSource({"19.9,1990", "19.90,1990", "0.01,1", "12.34,1234", "100,10000", "100000000.00,10000000000", "0.1,10"})
    void fromYuan_isExactFen(String yuan, long fen) {
        assertEquals(Money.of(fen, "CNY"), AlipayAmount.fromYuan(yuan));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "-1.00", "1e3", "", "12,34", " ", "100000000.01", "abc", "0.001"})
    void fromYuan_refusesWhatIsNotAnAlipayAmount(String yuan) {
        assertThrows(ValidationException.class, () -> AlipayAmount.fromYuan(yuan));
    }

    @ParameterizedTest
    @CsvSource({"1990,19.90", "1,0.01", "1234,12.34", "10000,100.00", "10000000000,100000000.00"})
    void toYuan_writesTwoDecimals(long fen, String yuan) {
        assertEquals(yuan, AlipayAmount.toYuan(Money.of(fen, "CNY")));
    }

    @Test
    void toYuan_refusesZeroTooMuchAndOtherCurrencies() {
        assertThrows(ValidationException.class, () -> AlipayAmount.toYuan(Money.of(0, "CNY")));
        assertThrows(ValidationException.class, () -> AlipayAmount.toYuan(Money.of(10000000001L, "CNY")));
        assertThrows(ValidationException.class, () -> AlipayAmount.toYuan(Money.of(100, "USD")));
    }

    @Test
    void conversion_roundTripsEveryFenOfTheFirstThousandYuan() {
        for (long fen = 1; fen <= 100_000; fen++) {
            assertEquals(fen, AlipayAmount.fromYuan(AlipayAmount.toYuan(Money.of(fen, "CNY"))).amount());
        }
    }
}
