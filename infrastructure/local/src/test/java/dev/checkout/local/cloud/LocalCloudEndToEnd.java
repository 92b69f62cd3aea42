package dev.checkout.local.cloud;

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

    @AfterAll
    static void stopCloud() {
        cloud.close();
    }
}
