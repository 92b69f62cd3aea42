package dev.checkout.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the customer pays: a platform ({@code stripe}, {@code alipay}, {@code wechatpay}), a way to pay on it,
 * and for cards the payment-method token (never card data).
 *
 * <ul>
 *   <li>{@code stripe} / {@code card} with a token such as {@code pm_card_visa}: charged at once, or after
 *       3-D Secure.</li>
 *   <li>{@code alipay} / {@code qr} (a QR code the customer scans: {@code alipay.trade.precreate}) or
 *       {@code page} (Alipay's page the browser is sent to: {@code alipay.trade.page.pay}).</li>
 *   <li>{@code wechatpay} / {@code native} (a QR code with WeChat Pay's {@code code_url}).</li>
 * </ul>
 *
 * <p>It travels as one string ({@link #stored()}): the order, the workflow's input and the charge message
 * carry it unchanged. A card's string is its token alone, as it has always been; other ways are
 * {@code platform:type}. Which currencies a platform takes is its rule, checked when the order is placed
 * ({@link #requireAccepts(Money)}), so a currency the platform cannot take never reaches a checkout.
 */
public record PaymentMethod(String platform, String type, String token) {
    public static final String STRIPE = "stripe";
    public static final String ALIPAY = "alipay";
    public static final String WECHATPAY = "wechatpay";

    private static final Pattern CARD_TOKEN = Pattern.compile("pm_[A-Za-z0-9_]{1,100}");

    public PaymentMethod {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(type, "type");
        switch (platform + ":" + type) {
            case "stripe:card" -> {
                if (token == null || !CARD_TOKEN.matcher(token).matches()) {
                    throw new ValidationException("a card payment needs a payment method token such as pm_card_visa");
                }
            }
            case "alipay:qr", "alipay:page", "wechatpay:native" -> {
                if (token != null) {
                    throw new ValidationException(platform + " " + type + " payments take no token");
                }
            }
            default -> throw new ValidationException("no payment type '" + type + "' on platform '" + platform
                    + "'; ways to pay: stripe card, alipay qr, alipay page, wechatpay native");
        }
    }

    public static PaymentMethod card(String token) {
        return new PaymentMethod(STRIPE, "card", token);
    }

    /** Reads {@link #stored()}; a bare token is a card. */
    public static PaymentMethod parse(String stored) {
        if (stored == null || stored.isBlank()) {
            throw new ValidationException("paymentMethod is required");
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            return card(stored);
        }
        return new PaymentMethod(stored.substring(0, colon), stored.substring(colon + 1), null);
    }

    /** The platform a stored method names, whether or not the rest of it is valid ({@code stripe} for a bare token). */
    public static String parsePlatform(String stored) {
        int colon = stored.indexOf(':');
        return colon < 0 ? STRIPE : Text.requireValid(stored.substring(0, colon), "the payment platform");
    }

    /** The one-string form the order, the workflow and the charge message carry. */
    public String stored() {
        return token != null ? token : platform + ":" + type;
    }

    /**
     * Refuses an order total the platform cannot take: Alipay and WeChat Pay are taken in CNY here (their
     * cross-border products settle foreign currencies, but quote and charge the buyer in yuan); Stripe takes
     * any ISO currency the catalog prices in.
     */
    public void requireAccepts(Money total) {
        if ((platform.equals(ALIPAY) || platform.equals(WECHATPAY)) && !total.currency().equals("CNY")) {
            throw new ValidationException(platform + " takes orders in CNY; this order is in " + total.currency());
        }
    }

    @Override
    public String toString() {
        return platform + " " + type.toLowerCase(Locale.ROOT);
    }
}
