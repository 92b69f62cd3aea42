package dev.checkout.aws.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkout.domain.DailyStatistics;
import dev.checkout.domain.OrderStatus;
import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.StatisticsCounter.Metric;
import dev.checkout.domain.StatisticsReport;
import dev.checkout.domain.StatusCounter;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** The JSON of {@code GET /statistics} ({@code StatisticsReport} in openapi.yaml). */
public final class StatisticsJson {
    /** The platforms every day lists, whether or not they had orders, so that a chart's series are stable. */
    public static final List<String> PLATFORMS = List.of(PaymentMethod.STRIPE, PaymentMethod.ALIPAY, PaymentMethod.WECHATPAY);

    private StatisticsJson() {
    }

    public static ObjectNode report(StatisticsReport report) {
        ObjectNode body = Json.object();
        body.put("from", report.from().toString());
        body.put("to", report.to().toString());
        ArrayNode days = body.putArray("days");
        report.days().forEach(day -> {
            ObjectNode node = days.addObject();
            node.put("date", day.day().toString());
            figures(node, day);
        });
        figures(body.putObject("totals"), report.totals());
        ObjectNode byStatus = body.putObject("byStatus");
        for (OrderStatus status : OrderStatus.values()) {
            ObjectNode entry = byStatus.putObject(status.name());
            entry.put("orders", total(report.byStatus(), status, null));
            ObjectNode platforms = entry.putObject("platforms");
            PLATFORMS.forEach(platform -> platforms.put(platform, total(report.byStatus(), status, platform)));
        }
        return body;
    }

    private static long total(Map<StatusCounter, Long> totals, OrderStatus status, String platform) {
        return totals.getOrDefault(new StatusCounter(status, platform), 0L);
    }

    /** {@code {"all": figures, "platforms": {"stripe": figures, ...}}} */
    private static void figures(ObjectNode node, DailyStatistics figures) {
        platformFigures(node.putObject("all"), figures, null);
        ObjectNode platforms = node.putObject("platforms");
        PLATFORMS.forEach(platform -> platformFigures(platforms.putObject(platform), figures, platform));
    }

    private static void platformFigures(ObjectNode node, DailyStatistics figures, String platform) {
        node.put("ordersPlaced", figures.count(Metric.PLACED, platform));
        node.put("ordersPaid", figures.count(Metric.PAID, platform));
        node.put("ordersCancelled", figures.count(Metric.CANCELLED, platform));
        node.put("ordersRejected", figures.count(Metric.REJECTED, platform));
        OptionalDouble conversion = figures.conversion(platform);
        if (conversion.isPresent()) {
            node.put("conversion", Math.round(conversion.getAsDouble() * 10_000) / 10_000.0);
        } else {
            node.putNull("conversion");
        }
        amounts(node.putArray("revenue"), figures.amounts(Metric.REVENUE, platform));
        ObjectNode refunds = node.putObject("refunds");
        refunds.put("count", figures.count(Metric.REFUNDS, platform));
        amounts(refunds.putArray("amounts"), figures.amounts(Metric.REFUNDED, platform));
    }

    private static void amounts(ArrayNode array, Map<String, Long> amounts) {
        amounts.forEach((currency, amount) -> array.addObject().put("amount", amount).put("currency", currency));
    }
}
