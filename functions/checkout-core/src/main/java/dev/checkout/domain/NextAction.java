package dev.checkout.domain;

import java.util.Objects;

/**
 * What the customer must do for a payment that waits on them, as the provider said it: be sent to a page
 * ({@link Type#REDIRECT}: Stripe's 3-D Secure page, Alipay's page-pay URL) or scan a QR code
 * ({@link Type#QR_CODE}: Alipay's {@code qr_code}, WeChat Pay's {@code code_url}), or let Stripe.js take the
 * customer through it ({@link Type#CLIENT_SDK}: Stripe asks for that when no return URL was given). {@code clientSecret}
 * is Stripe's PaymentIntent client secret, for a client that completes the payment with Stripe.js.
 *
 * <p>It only tells the client what to show. Whether the customer paid is decided by the provider's signed
 * notification, never by the client.
 */
public record NextAction(Type type, String url, String qrCode, String clientSecret) {
    public enum Type {
        REDIRECT,
        QR_CODE,
        CLIENT_SDK
    }

    public NextAction {
        Objects.requireNonNull(type, "type");
        Text.requireValid(url, "the next action's URL");
        Text.requireValid(qrCode, "the next action's QR code");
        Text.requireValid(clientSecret, "the next action's client secret");
        if (type == Type.REDIRECT && (url == null || url.isBlank())) {
            throw new ValidationException("a redirect needs a URL");
        }
        if (type == Type.QR_CODE && (qrCode == null || qrCode.isBlank())) {
            throw new ValidationException("a QR code needs its content");
        }
        if (type == Type.CLIENT_SDK && (clientSecret == null || clientSecret.isBlank())) {
            throw new ValidationException("an action for the provider's client library needs the client secret");
        }
    }

    public static NextAction redirect(String url, String clientSecret) {
        return new NextAction(Type.REDIRECT, url, null, clientSecret);
    }

    public static NextAction clientSdk(String clientSecret) {
        return new NextAction(Type.CLIENT_SDK, null, null, clientSecret);
    }

    public static NextAction qrCode(String content) {
        return new NextAction(Type.QR_CODE, null, content, null);
    }
}
