package dev.checkout.aws.payment.alipay;

import dev.checkout.domain.Money;
import dev.checkout.domain.ValidationException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Alipay states amounts as yuan strings with two decimals ({@code "12.34"}); the checkout keeps fen. The
 * conversion is exact (BigDecimal, never a double: {@code 19.9} is 1990 fen, not 1989).
 */
public final class AlipayAmount {
    /** Alipay's ceiling for one trade: 100,000,000.00 yuan. */
    public static final long MAX_FEN = 100_000_000_00L;
    public static final String CURRENCY = "CNY";
    private static final Pattern YUAN = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,2})?");

    private AlipayAmount() {
    }

    /** {@code amount} (CNY, 0.01 to 100,000,000.00 yuan) as Alipay's yuan string, e.g. 1990 fen -> {@code "19.90"}. */
    public static String toYuan(Money amount) {
        if (!amount.currency().equals(CURRENCY)) {
            throw new ValidationException("Alipay takes CNY; the amount is in " + amount.currency());
        }
        if (amount.amount() < 1 || amount.amount() > MAX_FEN) {
            throw new ValidationException("an Alipay amount is 0.01 to 100000000.00 yuan, was " + amount.amount() + " fen");
        }
        return BigDecimal.valueOf(amount.amount(), 2).toPlainString();
    }

    /**
     * A yuan string as Alipay writes it ({@code "19.9"}, {@code "0.01"}, {@code "12.34"}) in fen. Refuses more than
     * two decimals, signs, exponents and amounts above Alipay's ceiling.
     */
    public static Money fromYuan(String yuan) {
        if (yuan == null || !YUAN.matcher(yuan.trim()).matches()) {
            throw new ValidationException("not an Alipay amount (yuan with at most 2 decimals): '" + yuan + "'");
        }
        long fen = new BigDecimal(yuan.trim()).movePointRight(2).longValueExact();
        if (fen > MAX_FEN) {
            throw new ValidationException("an Alipay amount is at most 100000000.00 yuan, was " + yuan);
        }
        return Money.of(fen, CURRENCY);
    }
}
