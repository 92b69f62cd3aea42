package dev.checkout.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The customer of a wallet checkout, acting through the platform's simulator as scanning the QR code or approving
 * Alipay's page would: pays (60 %), declines (12 %), never pays (14 %) or cancels the order while the code waits
 * (14 %). Alipay notifies a declined (closed) trade; WeChat Pay does not, so the payment window ends that checkout.
 */
final class WalletCustomer {
    static final String ALIPAY_QR = "{\"platform\":\"alipay\",\"type\":\"qr\"}";
    static final String ALIPAY_PAGE = "{\"platform\":\"alipay\",\"type\":\"page\"}";
    static final String WECHATPAY_NATIVE = "{\"platform\":\"wechatpay\",\"type\":\"native\"}";

    static final double PAYS = 0.6;
    static final String PAID = "paid by the customer";
    static final String DECLINED = "declined by the customer";
    static final String DECLINED_UNNOTIFIED = "declined, not notified";
    static final String NEVER_PAYS = "left to the payment window";
    static final String CANCELS = "cancelled while the code waits";
    static final String TOO_LATE = "customer too late, trade closed";
    /** Decisions the checkout does not wait on: the payment window ends them. */
    static final Set<String> LEFT_TO_THE_WINDOW = Set.of(NEVER_PAYS, DECLINED_UNNOTIFIED);

    private final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AlipaySimulator alipay;
    private final WeChatPaySimulator wechatpay;

    WalletCustomer(AlipaySimulator alipay, WeChatPaySimulator wechatpay) {
        this.alipay = alipay;
        this.wechatpay = wechatpay;
    }

    /** The platform of a {@code paymentMethod} as the order takes it: a card token is Stripe's. */
    static String platformOf(String paymentMethod) {
        return paymentMethod.contains("alipay") ? "alipay" : paymentMethod.contains("wechatpay") ? "wechatpay" : "stripe";
    }

    /** What the customer does with {@code payment}'s next action, by {@code choice} (uniform in [0, 1)); returns the decision. */
    String act(String paymentMethod, JsonNode payment, double choice) {
        boolean pays = choice < PAYS;
        boolean declines = !pays && choice < PAYS + 0.12;
        if (!pays && !declines) {
            return choice < PAYS + 0.26 ? NEVER_PAYS : CANCELS;
        }
        JsonNode next = payment.path("nextAction");
        try {
            if (paymentMethod.equals(WECHATPAY_NATIVE)) {
                String codeUrl = next.path("qrCode").asText();
                if (pays) {
                    wechatpay.pay(codeUrl);
                    return PAID;
                }
                wechatpay.decline(codeUrl);
                return DECLINED_UNNOTIFIED;
            }
            String trade;
            if (paymentMethod.equals(ALIPAY_PAGE)) {
                // The browser follows the redirect to Alipay's page first: that creates the trade.
                openPage(next.path("url").asText());
                trade = payment.path("providerReference").asText();
            } else {
                trade = next.path("qrCode").asText();
            }
            if (pays) {
                alipay.pay(trade);
                return PAID;
            }
            alipay.decline(trade);
            return DECLINED;
        } catch (RuntimeException closed) {
            // The payment window or a cancel closed the trade first.
            return TOO_LATE;
        }
    }

    private void openPage(String url) {
        try {
            browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
