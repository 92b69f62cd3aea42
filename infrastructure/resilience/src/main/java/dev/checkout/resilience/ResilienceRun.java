package dev.checkout.resilience;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import dev.checkout.local.services.ItemLimits;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The full fault campaign: starts a local cloud (free ports, the system clock), runs {@link CampaignSettings#full()}
 * or the sizes given ({@code --checkouts=N --clients=N}), optionally with DynamoDB's per-item throughput enforced
 * throughout ({@code --dynamodb-item-limits[=W,R]}), prints the table, writes
 * {@code infrastructure/resilience/target/resilience.json}, and exits 1 if an invariant was violated.
 */
public final class ResilienceRun {
    private ResilienceRun() {
    }

    public static void main(String[] args) throws IOException {
        CampaignSettings settings = CampaignSettings.full();
        ItemLimits itemLimits = null;
        for (String arg : args) {
            if (arg.startsWith("--checkouts=")) {
                settings = settings.withCheckouts(Integer.parseInt(arg.substring("--checkouts=".length())));
            } else if (arg.startsWith("--clients=")) {
                settings = settings.withClients(Integer.parseInt(arg.substring("--clients=".length())));
            } else if (arg.startsWith("--dynamodb-item-limits")) {
                itemLimits = ItemLimits.parse(arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "aws");
            } else {
                System.err.println("usage: java -jar infrastructure/resilience/target/resilience.jar [--checkouts=1200] [--clients=16]"
                        + " [--dynamodb-item-limits[=W,R]]  (item limits for the whole campaign; its DYNAMODB_ITEM_LIMITS segments use 10,30)");
                System.exit(2);
            }
        }
        Path root = LocalCloud.projectRoot();
        CampaignReport report;
        try (LocalCloud cloud = LocalCloud.start(config(root, settings).withDynamoDbItemLimits(itemLimits))) {
            report = new FaultCampaign(cloud, settings).run(System.out::println);
        }
        System.out.println(report.table());
        Path json = root.resolve("infrastructure/resilience/target/resilience.json");
        report.writeJson(json);
        System.out.println("written " + json);
        System.exit(report.violations() == 0 ? 0 : 1);
    }

    static LocalCloudConfig config(Path root, CampaignSettings settings) {
        // The sweep hands over refunds left unsent or unsettled at once (on AWS after 5 minutes): a campaign is shorter.
        return LocalCloudConfig.forLoad(root).withParameter("PaymentWindowSeconds", Integer.toString(settings.paymentWindowSeconds()))
                .withParameter("RefundResendAfterSeconds", "0");
    }
}
