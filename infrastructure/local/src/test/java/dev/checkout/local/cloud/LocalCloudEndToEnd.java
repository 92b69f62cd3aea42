package dev.checkout.local.cloud;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What an end-to-end test class starts from: a local cloud with the test configuration, started once for the class and
 * closed after it, a shop client of its HTTP API, and the tokens of a customer (alice) and an administrator (admin).
 */
abstract class LocalCloudEndToEnd {
    static LocalCloud cloud;
    static ApiClient api;
    static String alice;
    static String admin;

    @BeforeAll
    static void startCloud() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(LocalCloud.projectRoot()));
        api = new ApiClient(cloud.apiEndpoint());
        alice = cloud.token("alice");
        admin = cloud.token("admin");
    }

    /** The secrets (logical ids) {@code function} has read from the local Secrets Manager, as the SDK calls of this JVM show. */
    static Set<String> secretsReadBy(String function) {
        String prefix = function + " secretsmanager:GetSecretValue " + CloudResources.arn("secretsmanager", "secret:");
        return SdkCallMeter.accessesByFunction().stream().filter(access -> access.startsWith(prefix))
                .map(access -> access.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new));
    }

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }
}
