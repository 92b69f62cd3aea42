package dev.checkout.localstack;

/**
 * The checkouts the tier runs on LocalStack and on the local engine, each with the payment-simulator
 * method that drives it (Stripe's test payment methods).
 */
enum CheckoutScenario {
    /** The provider takes the payment at once: reserve, pay, confirm. */
    PAID("pm_card_visa"),
    /** The provider declines: the stock is released, the order cancelled. */
    DECLINED("pm_card_chargeDeclined"),
    /** The customer must authenticate and never does: the payment window closes, the order is cancelled. */
    PAYMENT_WINDOW_EXPIRED("pm_card_authenticationRequired"),
    /** The customer cancels while the payment waits for them: the checkout is stopped. */
    CANCELLED_WHILE_PAYING("pm_card_authenticationRequired");

    private final String paymentMethod;

    CheckoutScenario(String paymentMethod) {
        this.paymentMethod = paymentMethod;
    }

    String paymentMethod() {
        return paymentMethod;
    }
}
