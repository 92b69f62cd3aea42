package dev.checkout.resilience;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.cloud.LocalCloudConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The full fault campaign: starts a local cloud (free ports, the system clock), runs {@link CampaignSettings#full()}
 * or the sizes given ({@code --checkouts=N --clients=N}), prints the table, writes
 * {@code infrastructure/resilience/target/resilience.json}, and exits 1 if an invariant was violated.
 */
public final class ResilienceRun {
    private ResilienceRun() {
    }

    public static void main(String[] args) throws IOException {
        CampaignSettings settings = CampaignSettings.full();
        for (String arg : args) {
            if (arg.startsWith("--checkouts=")) {
                settings = settings.withCheckouts(Integer.parseInt(arg.substring("--checkouts=".length())));
            } else if (arg.startsWith("--clients=")) {
                settings = settings.withClients(Integer.parseInt(arg.substring("--clients=".length())));
            } else {
                System.err.println("usage: java -jar infrastructure/resilience/target/resilience.jar [--checkouts=1200] [--clients=16]");
                System.exit(2);
            }
        }
        Path root = LocalCloud.projectRoot();
        CampaignReport report;
        try (LocalCloud cloud = LocalCloud.start(config(root, settings))) {
            report = new FaultCampaign(cloud, settings).run(System.out::println);
        }
        System.out.println(report.table());
        Path json = root.resolve("infrastructure/resilience/target/resilience.json");
        report.writeJson(json);
        System.out.println("written " + json);
        System.exit(report.violations() == 0 ? 0 : 1);
    }

    static LocalCloudConfig config(Path root, CampaignSettings settings) {
        return LocalCloudConfig.forLoad(root).withParameter("PaymentWindowSeconds", Integer.toString(settings.paymentWindowSeconds()));
    }
}
