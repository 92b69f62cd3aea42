package dev.checkout.domain;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money: a non-negative count of minor units (cents for USD, yen for JPY) and an
 * ISO 4217 currency code. Never a floating-point number. Arithmetic refuses to mix currencies and
 * to overflow.
 */
public record Money(long amount, String currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amount < 0) {
            throw new ValidationException("amount must not be negative, was " + amount);
        }
        if (!isIsoCurrency(currency)) {
            throw new ValidationException("currency must be an ISO 4217 code such as USD, was '" + currency + "'");
        }
    }

    public static Money of(long amount, String currency) {
        return new Money(amount, currency);
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** True when {@code code} is an upper-case ISO 4217 code the JDK knows. */
    public static boolean isIsoCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        try {
            return new Money(Math.addExact(amount, other.amount), currency);
        } catch (ArithmeticException e) {
            throw new AmountOverflowException(amount + " + " + other.amount + " overflows");
        }
    }

    /** The difference; refuses to go below zero. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        if (other.amount > amount) {
            throw new ValidationException(this + " - " + other + " would be negative");
        }
        return new Money(amount - other.amount, currency);
    }

    public Money times(long factor) {
        if (factor < 0) {
            throw new ValidationException("factor must not be negative, was " + factor);
        }
        try {
            return new Money(Math.multiplyExact(amount, factor), currency);
        } catch (ArithmeticException e) {
            throw new AmountOverflowException(amount + " * " + factor + " overflows");
        }
    }

    public boolean isZero() {
        return amount == 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(amount, other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException("cannot combine " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
