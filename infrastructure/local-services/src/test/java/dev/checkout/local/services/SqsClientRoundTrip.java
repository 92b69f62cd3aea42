package dev.checkout.local.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import software.amazon.awssdk.services.sqs.SqsClient;

final class SqsClientRoundTrip {
    private SqsClientRoundTrip() {
    }

    static void sendAndReceive(LocalServices services) {
        SqsClient sqs = services.sqsClient();
        String url = sqs.createQueue(r -> r.queueName("round-trip")).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("hello"));
        var messages = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(5)).messages();
        assertEquals("hello", messages.get(0).body());
    }
}
