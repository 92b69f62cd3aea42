package dev.checkout.resilience;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.payments.DeliveryAttempt;
import dev.checkout.local.payments.FaultPhase;
import dev.checkout.local.payments.FaultSwitches;
import dev.checkout.local.payments.PaymentSimulator;
import dev.checkout.local.payments.RequestFault;
import dev.checkout.local.payments.SimulatedPaymentIntent;
import dev.checkout.local.payments.SimulatedRefund;
import dev.checkout.local.payments.alipay.AlipaySimulator;
import dev.checkout.local.payments.alipay.SimulatedAlipayRefund;
import dev.checkout.local.payments.alipay.SimulatedAlipayTrade;
import dev.checkout.local.payments.wechatpay.WeChatPayRefund;
import dev.checkout.local.payments.wechatpay.WeChatPaySimulator;
import dev.checkout.local.payments.wechatpay.WeChatPayTrade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local cloud's three payment platforms as the campaign acts on them: the same fault kinds on each simulator
 * (matched to the platform's own API calls), their delivery logs, whether they are quiet, and their ledgers (what
 * each took and gave back, per order).
 */
final class Platforms {
    /** The platforms, as the API and the table name them. */
    static final List<String> NAMES = List.of("stripe", "alipay", "wechatpay");

    /** The calls that create a payment and a refund on each platform, as its fault switches match them. */
    private static final Map<String, List<String>> CHARGE_AND_REFUND = Map.of(
            "stripe", List.of("POST /v1/payment_intents", "POST /v1/refunds"),
            "alipay", List.of("alipay.trade.precreate", "alipay.trade.refund"),
            "wechatpay", List.of("POST /v3/pay/transactions/native", "POST /v3/refund/domestic/refunds"));

    private final PaymentSimulator stripe;
    private final AlipaySimulator alipay;
    private final WeChatPaySimulator wechatpay;

    Platforms(LocalCloud cloud) {
        this.stripe = cloud.paymentSimulator();
        this.alipay = cloud.alipaySimulator();
        this.wechatpay = cloud.weChatPaySimulator();
    }

    AlipaySimulator alipay() {
        return alipay;
    }

    WeChatPaySimulator wechatpay() {
        return wechatpay;
    }

    FaultSwitches faults(String platform) {
        return switch (platform) {
            case "stripe" -> stripe.faults();
            case "alipay" -> alipay.faults();
            case "wechatpay" -> wechatpay.faults();
            default -> throw new IllegalArgumentException(platform);
        };
    }

    /** Arms {@code count} 5xx answers or timeouts at {@code phase} on each platform's payment creation, a quarter on its refunds. */
    void armRequestFaults(RequestFault.Kind kind, FaultPhase phase, int count) {
        for (String platform : NAMES) {
            List<String> calls = CHARGE_AND_REFUND.get(platform);
            FaultSwitches switches = faults(platform);
            if (kind == RequestFault.Kind.TIMEOUT) {
                switches.timeouts(count, phase, calls.get(0));
            } else {
                switches.serverErrors(count, phase, calls.get(0)).serverErrors(Math.max(1, count / 4), phase, calls.get(1));
            }
        }
    }

    int armedRequestFaults(String platform) {
        return faults(platform).settings().requestFaults().stream().mapToInt(RequestFault::remaining).sum();
    }

    /** Notifications (events) the platform has emitted so far. */
    int eventsEmitted(String platform) {
        return switch (platform) {
            case "stripe" -> stripe.events().size();
            case "alipay" -> alipay.notifications().size();
            case "wechatpay" -> wechatpay.notifications().size();
            default -> throw new IllegalArgumentException(platform);
        };
    }

    List<DeliveryAttempt> deliveries(String platform) {
        return switch (platform) {
            case "stripe" -> stripe.deliveries();
            case "alipay" -> alipay.deliveries();
            case "wechatpay" -> wechatpay.deliveries();
            default -> throw new IllegalArgumentException(platform);
        };
    }

    void clearFaults() {
        NAMES.forEach(p -> faults(p).clear());
    }

    /** True when no platform has a notification left to send or resend, or a refund still settling. */
    boolean quiet() {
        try {
            stripe.awaitQuiet(Duration.ofMillis(1));
        } catch (RuntimeException e) {
            return false;
        }
        return deliveriesSettled(alipay.notifications().stream().map(n -> n.notifyId()).toList(), alipay.deliveries())
                && deliveriesSettled(wechatpay.notifications().stream().map(n -> n.id()).toList(), wechatpay.deliveries())
                && wechatpay.refunds().stream().noneMatch(r -> r.status().equals("PROCESSING"));
    }

    /** Every notification was attempted, and the last attempt of each of its copies schedules no other. */
    private static boolean deliveriesSettled(List<String> emitted, List<DeliveryAttempt> attempts) {
        Map<String, DeliveryAttempt> lastOfCopy = new HashMap<>();
        Set<String> attempted = new HashSet<>();
        for (DeliveryAttempt attempt : attempts) {
            attempted.add(attempt.eventId());
            lastOfCopy.merge(attempt.eventId() + "#" + attempt.copy(), attempt, (a, b) -> b.sequence() > a.sequence() ? b : a);
        }
        return attempted.containsAll(emitted) && lastOfCopy.values().stream().noneMatch(DeliveryAttempt::willRetry);
    }

    /**
     * What the platforms took and gave back, per order: captured (money taken for a payment), refunded (refunds that
     * succeeded), the platforms' references of the refunds, refunds still pending, and the platform of each order.
     */
    record Ledger(Map<String, Long> captured, Map<String, Long> refunded, Map<String, List<String>> refundReferences,
                  Map<String, String> platformOfOrder, List<String> pending) {
        Ledger() {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>());
        }

        void capture(String platform, String orderId, long amount) {
            platformOfOrder.put(orderId, platform);
            captured.merge(orderId, amount, Long::sum);
        }

        void refund(String platform, String orderId, String reference, long amount) {
            platformOfOrder.put(orderId, platform);
            refundReferences.computeIfAbsent(orderId, k -> new ArrayList<>()).add(reference);
            refunded.merge(orderId, amount, Long::sum);
        }
    }

    /** The three platforms' ledgers, read from each simulator's records. */
    Ledger ledger() {
        Ledger ledger = new Ledger();
        Map<String, String> orderOfIntent = new HashMap<>();
        for (SimulatedPaymentIntent intent : stripe.paymentIntents()) {
            orderOfIntent.put(intent.id(), intent.metadata().get("orderId"));
        }
        stripe.charges().stream().filter(c -> c.status().equals("succeeded"))
                .forEach(c -> ledger.capture("stripe", orderOfIntent.get(c.paymentIntent()), c.amount()));
        for (SimulatedRefund refund : stripe.refunds()) {
            String orderId = orderOfIntent.get(refund.paymentIntent());
            if (refund.status().equals("succeeded")) {
                ledger.refund("stripe", orderId, refund.id(), refund.amount());
            } else {
                ledger.refundReferences().computeIfAbsent(orderId, k -> new ArrayList<>()).add(refund.id());
                if (refund.status().equals("pending")) {
                    ledger.pending().add(orderId + ": stripe refund " + refund.id() + " still pending");
                }
            }
        }
        for (SimulatedAlipayTrade trade : alipay.trades()) {
            String orderId = orderOfPayment(trade.outTradeNo());
            // A precreated QR code nobody scanned has no status yet.
            boolean paid = "TRADE_SUCCESS".equals(trade.status()) || "TRADE_FINISHED".equals(trade.status()) || trade.refundedAmount() > 0;
            if (paid) {
                ledger.capture("alipay", orderId, trade.totalAmount());
            }
            for (SimulatedAlipayRefund refund : trade.refunds()) {
                ledger.refund("alipay", orderId, trade.outTradeNo() + "/" + refund.outRequestNo(), refund.amount());
            }
        }
        for (WeChatPayTrade trade : wechatpay.trades()) {
            if (trade.state().equals("SUCCESS") || trade.state().equals("REFUND")) {
                ledger.capture("wechatpay", orderOfPayment(trade.outTradeNo()), trade.total());
            }
        }
        for (WeChatPayRefund refund : wechatpay.refunds()) {
            String orderId = orderOfPayment(refund.outTradeNo());
            switch (refund.status()) {
                case "SUCCESS" -> ledger.refund("wechatpay", orderId, refund.outRefundNo(), refund.refund());
                case "PROCESSING" -> ledger.pending().add(orderId + ": wechatpay refund " + refund.outRefundNo() + " still processing");
                default -> ledger.refundReferences().computeIfAbsent(orderId, k -> new ArrayList<>()).add(refund.outRefundNo());
            }
        }
        return ledger;
    }

    private static final java.util.regex.Pattern PAYMENT_ID = java.util.regex.Pattern.compile("(?:pay_)?([0-9A-HJKMNP-TV-Z]{26})_[0-9]+");

    /**
     * A wallet trade's out_trade_no is the payment id, {@code pay_<order's ULID>_<attempt>} (Alipay), or the same
     * without {@code pay_} (WeChat Pay takes 32 characters at most): its order id.
     */
    static String orderOfPayment(String outTradeNo) {
        var id = outTradeNo == null ? null : PAYMENT_ID.matcher(outTradeNo);
        return id != null && id.matches() ? "ord_" + id.group(1) : outTradeNo;
    }

    /** The platforms' delivery logs as one map, for the webhook invariant. */
    Map<String, List<DeliveryAttempt>> allDeliveries() {
        var all = new LinkedHashMap<String, List<DeliveryAttempt>>();
        NAMES.forEach(p -> all.put(p, deliveries(p)));
        return all;
    }
}
