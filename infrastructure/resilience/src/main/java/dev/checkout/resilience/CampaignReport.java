package dev.checkout.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one campaign did and found: checkouts, faults by kind and outcomes, each by platform; the invariants'
 * violations and the end-to-end latency (order placed to a settled status, as the client saw it; checkouts left to the
 * payment window are left out).
 *
 * @param faultsByPlatform   by fault kind, then by the platform it struck ({@code all}: throttling and crashes, which
 *                           strike every platform's checkouts alike)
 * @param outcomesByPlatform by platform, then by outcome (the customer's decision, the status the checkout settled in)
 */
public record CampaignReport(CampaignSettings settings, int checkouts, long hitByFaults, Map<String, Map<String, Long>> faultsByPlatform,
                             Map<String, Map<String, Long>> outcomesByPlatform, Map<String, Long> checkoutsByPlatform,
                             Invariants.Result invariants, List<Long> latenciesMillis, Duration loadDuration, Duration totalDuration,
                             boolean quiet) {
    private static final List<String> COLUMNS = List.of("stripe", "alipay", "wechatpay", FaultCampaign.ALL);

    /** Faults injected by kind, all platforms together. */
    public Map<String, Long> faults() {
        var totals = new TreeMap<String, Long>();
        faultsByPlatform.forEach((kind, byPlatform) -> totals.put(kind, byPlatform.values().stream().mapToLong(Long::longValue).sum()));
        return totals;
    }

    public long violations() {
        return invariants.violationCount() + (quiet ? 0 : 1);
    }

    public long percentileMillis(double percentile) {
        if (latenciesMillis.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(latenciesMillis);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The printed table. */
    public String table() {
        var out = new StringBuilder();
        out.append("\n== resilience: ").append(checkouts).append(" checkouts from ").append(settings.clients()).append(" clients ==\n");
        header(out, "by platform");
        columns(out, "checkouts placed", checkoutsByPlatform, checkouts);
        row(out, "hit by injected faults", hitByFaults + " (" + Math.round(100.0 * hitByFaults / Math.max(1, checkouts)) + " %)");
        header(out, "faults injected, by kind");
        faultsByPlatform.forEach((kind, byPlatform) -> columns(out, kind, byPlatform, byPlatform.values().stream().mapToLong(Long::longValue).sum()));
        header(out, "outcomes");
        var byOutcome = new TreeMap<String, Map<String, Long>>();
        outcomesByPlatform.forEach((platform, counts) -> counts.forEach((outcome, n) ->
                byOutcome.computeIfAbsent(outcome, k -> new TreeMap<>()).put(platform, n)));
        byOutcome.forEach((outcome, byPlatform) -> columns(out, outcome, byPlatform, byPlatform.values().stream().mapToLong(Long::longValue).sum()));
        header(out, "money the platform holds (minor units)");
        columns(out, "captured - refunded", invariants.heldByPlatform(), invariants.heldByPlatform().values().stream().mapToLong(Long::longValue).sum());
        out.append("-- final order statuses (table)\n");
        invariants.statuses().forEach((k, v) -> row(out, k, v));
        row(out, "legitimately waiting", invariants.waiting());
        row(out, "webhook events applied", invariants.webhooksApplied());
        row(out, "dead-letter messages", invariants.deadLetters());
        out.append("-- invariants\n");
        row(out, "system quiet before the check", quiet ? "yes" : "NO");
        invariants.violations().forEach((k, v) -> {
            row(out, k, v.isEmpty() ? "ok" : v.size() + " violation(s)");
            v.stream().limit(20).forEach(line -> out.append("      ").append(line).append('\n'));
        });
        row(out, "violations", violations());
        out.append("-- latency, order placed to settled status\n");
        row(out, "p50", percentileMillis(50) + " ms");
        row(out, "p99", percentileMillis(99) + " ms");
        row(out, "max", percentileMillis(100) + " ms");
        row(out, "load phase", loadDuration.toSeconds() + " s");
        row(out, "total (incl. quiet wait)", totalDuration.toSeconds() + " s");
        return out.toString();
    }

    private static void header(StringBuilder out, String title) {
        out.append(String.format("-- %-33s %9s %9s %9s %9s %9s%n", title, "stripe", "alipay", "wechatpay", "(any)", "total"));
    }

    /** One row of the by-platform table: a count per platform, {@code -} where there is none, and the total. */
    private static void columns(StringBuilder out, String name, Map<String, Long> byPlatform, long total) {
        var line = new StringBuilder(String.format("  %-34s", name));
        for (String column : COLUMNS) {
            Long value = byPlatform.get(column);
            line.append(String.format(" %9s", value == null ? "-" : value));
        }
        out.append(line).append(String.format(" %9s%n", total));
    }

    private static void row(StringBuilder out, String name, Object value) {
        out.append(String.format("  %-34s %s%n", name, value));
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("checkouts", checkouts);
        root.put("clients", settings.clients());
        root.put("hitByFaults", hitByFaults);
        root.set("checkoutsByPlatform", json.valueToTree(checkoutsByPlatform));
        root.set("faults", json.valueToTree(faults()));
        root.set("faultsByPlatform", json.valueToTree(faultsByPlatform));
        root.set("outcomesByPlatform", json.valueToTree(outcomesByPlatform));
        root.set("heldByPlatform", json.valueToTree(invariants.heldByPlatform()));
        root.set("statuses", json.valueToTree(invariants.statuses()));
        root.put("waiting", invariants.waiting());
        root.put("webhooksApplied", invariants.webhooksApplied());
        root.put("deadLetters", invariants.deadLetters());
        root.put("quiet", quiet);
        root.set("invariantViolations", json.valueToTree(invariants.violations()));
        root.put("violations", violations());
        root.putObject("latencyMillis").put("p50", percentileMillis(50)).put("p99", percentileMillis(99)).put("max", percentileMillis(100))
                .put("samples", latenciesMillis.size());
        root.put("loadSeconds", loadDuration.toSeconds());
        root.put("totalSeconds", totalDuration.toSeconds());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
