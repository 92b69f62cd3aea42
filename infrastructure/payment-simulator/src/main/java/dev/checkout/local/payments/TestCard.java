package dev.checkout.local.payments;

import java.util.Arrays;
import java.util.Optional;

/**
 * Stripe's test payment-method tokens the simulator honours, and what a charge against each does.
 */
enum TestCard {
    VISA("pm_card_visa", "visa", "4242", Outcome.SUCCEEDS, null, null),
    VISA_DEBIT("pm_card_visa_debit", "visa", "5556", Outcome.SUCCEEDS, null, null),
    MASTERCARD("pm_card_mastercard", "mastercard", "4444", Outcome.SUCCEEDS, null, null),
    AMEX("pm_card_amex", "amex", "8431", Outcome.SUCCEEDS, null, null),
    CHARGE_DECLINED("pm_card_chargeDeclined", "visa", "0002", Outcome.DECLINED, "card_declined", "generic_decline"),
    VISA_CHARGE_DECLINED("pm_card_visa_chargeDeclined", "visa", "0002", Outcome.DECLINED, "card_declined",
            "generic_decline"),
    INSUFFICIENT_FUNDS("pm_card_insufficientFunds", "visa", "9995", Outcome.DECLINED, "card_declined",
            "insufficient_funds"),
    CHARGE_DECLINED_INSUFFICIENT_FUNDS("pm_card_chargeDeclinedInsufficientFunds", "visa", "9995", Outcome.DECLINED,
            "card_declined", "insufficient_funds"),
    VISA_CHARGE_DECLINED_INSUFFICIENT_FUNDS("pm_card_visa_chargeDeclinedInsufficientFunds", "visa", "9995",
            Outcome.DECLINED, "card_declined", "insufficient_funds"),
    CHARGE_DECLINED_FRAUDULENT("pm_card_chargeDeclinedFraudulent", "visa", "0019", Outcome.DECLINED,
            "card_declined", "fraudulent"),
    CHARGE_DECLINED_EXPIRED_CARD("pm_card_chargeDeclinedExpiredCard", "visa", "0069", Outcome.DECLINED,
            "expired_card", "expired_card"),
    CHARGE_DECLINED_INCORRECT_CVC("pm_card_chargeDeclinedIncorrectCvc", "visa", "0127", Outcome.DECLINED,
            "incorrect_cvc", "incorrect_cvc"),
    AUTHENTICATION_REQUIRED("pm_card_authenticationRequired", "visa", "3184", Outcome.REQUIRES_ACTION, null, null),
    THREE_D_SECURE_REQUIRED("pm_card_threeDSecure2Required", "visa", "3220", Outcome.REQUIRES_ACTION, null, null),
    REFUND_FAIL("pm_card_refundFail", "visa", "5126", Outcome.SUCCEEDS_BUT_REFUNDS_FAIL, null, null);

    /** What confirming a PaymentIntent with the card does. */
    enum Outcome { SUCCEEDS, DECLINED, REQUIRES_ACTION, SUCCEEDS_BUT_REFUNDS_FAIL }

    private final String token;
    private final String brand;
    private final String last4;
    private final Outcome outcome;
    private final String errorCode;
    private final String declineCode;

    TestCard(String token, String brand, String last4, Outcome outcome, String errorCode, String declineCode) {
        this.token = token;
        this.brand = brand;
        this.last4 = last4;
        this.outcome = outcome;
        this.errorCode = errorCode;
        this.declineCode = declineCode;
    }

    static Optional<TestCard> byToken(String token) {
        return Arrays.stream(values()).filter(card -> card.token.equals(token)).findFirst();
    }

    String token() {
        return token;
    }

    String brand() {
        return brand;
    }

    String last4() {
        return last4;
    }

    Outcome outcome() {
        return outcome;
    }

    String errorCode() {
        return errorCode;
    }

    String declineCode() {
        return declineCode;
    }

    String declineMessage() {
        return switch (declineCode) {
            case "insufficient_funds" -> "Your card has insufficient funds.";
            case "expired_card" -> "Your card has expired.";
            case "incorrect_cvc" -> "Your card's security code is incorrect.";
            default -> "Your card was declined.";
        };
    }
}
