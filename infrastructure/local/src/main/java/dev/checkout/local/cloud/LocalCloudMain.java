package dev.checkout.local.cloud;

import dev.checkout.aws.logging.JsonLogConfiguration;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The local cloud from the command line: options and environment as {@link LocalCloudConfig}
 * reads them (exit code 2 when they are wrong), a banner with where everything listens, and a
 * clean stop on Ctrl-C or SIGTERM.
 */
public final class LocalCloudMain {
    private LocalCloudMain() {
    }

    public static void main(String[] args) {
        LocalCloudConfig config;
        try {
            config = LocalCloudConfig.parse(args, System.getenv(), LocalCloud.projectRoot());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        // The functions' log lines, and the local cloud's own, as Lambda's JSON log format has them.
        JsonLogConfiguration.install(System.out, System.getenv("AWS_LAMBDA_LOG_LEVEL"));
        LocalCloud cloud = LocalCloud.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local cloud");
            cloud.close();
            stopped.countDown();
        }, "local-cloud-stop"));
        System.out.println(cloud.facts().banner(Duration.ofNanos(System.nanoTime() - started), config.infoFile()));
        if (config.dynamoDbItemLimits() != null) {
            System.out.println("DynamoDB throttles as AWS does past " + config.dynamoDbItemLimits() + " (--dynamodb-item-limits).");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
