package dev.checkout.resilience;

import dev.checkout.local.cloud.LocalCloud;
import dev.checkout.local.stepfunctions.ExecutionStatus;
import java.time.Duration;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What a refused request must leave as it was: the table's items, the queues' depths and the checkouts' executions. */
final class CloudState {
    private CloudState() {
    }

    /**
     * Waits until nothing changes any more: the same state twice, further apart than the statistics' stream
     * batching window (1 s), so that counting the setup's own orders does not land in a sweep's before and after.
     */
    static void awaitSettled(LocalCloud cloud) {
        String[] last = {of(cloud)};
        Awaitility.await("the local cloud settled after the sweep's setup").atMost(Duration.ofMinutes(1))
                .pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    String now = of(cloud);
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
    }

    /** All of it as one comparable text. */
    static String of(LocalCloud cloud) {
        var items = new TreeMap<String, String>();
        for (var item : Invariants.scan(cloud.services().dynamoDbClient(), cloud.services().tableName("CheckoutTable"))) {
            items.put(item.get("PK").s() + "|" + item.get("SK").s(), new TreeMap<>(item).toString());
        }
        var queues = new TreeMap<String, String>();
        var sqs = cloud.services().sqsClient();
        for (String url : sqs.listQueues().queueUrls()) {
            queues.put(url, sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                    .attributes().toString());
        }
        String machine = cloud.stateMachineArn("CheckoutStateMachine");
        long running = cloud.engine().listExecutions(machine, ExecutionStatus.RUNNING).size();
        return items + "\n" + queues + "\nrunning=" + running + " executions=" + cloud.engine().listExecutions(machine, null).size();
    }
}
