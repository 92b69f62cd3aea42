package dev.checkout.aws.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.checkout.aws.lambda.Json;
import dev.checkout.domain.Money;
import dev.checkout.domain.ValidationException;
import dev.checkout.local.services.Events;
import dev.checkout.local.services.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Unit: the queues' message shapes, read from the {@code events/} fixtures and from the workflow's definition that writes one of them. */
@Tag("unit")
class QueueMessagesTest {

    private static String body(String eventFile) {
        return Json.parse(Events.read(eventFile)).path("Records").path(0).path("body").asText();
    }

    @Test
    void chargeMessageOfTheWorkflow_readsAsACharge_andWritesBackTheSameShape() {
        var charge = assertInstanceOf(ChargeQueueMessage.Charge.class, ChargeQueueMessage.parse(body("charge-message.json")));

        assertEquals("ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0", charge.orderId().value());
        assertEquals(1, charge.attempt());
        assertEquals(Money.of(2500, "USD"), charge.amount());
        assertEquals("pm_card_visa", charge.paymentMethod());
        assertEquals(Json.parse(body("charge-message.json")), Json.parse(charge.toJson()));
    }

    @Test
    void cancelAndResendMessages_roundTrip() {
        var cancel = assertInstanceOf(ChargeQueueMessage.CancelPayments.class, ChargeQueueMessage.parse(body("charge-cancel-payments.json")));
        var resend = assertInstanceOf(ChargeQueueMessage.SendRefund.class, ChargeQueueMessage.parse(body("charge-send-refund.json")));

        assertEquals(cancel, ChargeQueueMessage.parse(cancel.toJson()));
        assertEquals(resend, ChargeQueueMessage.parse(resend.toJson()));
        assertEquals("rfd_01JDZ9A1B2C3D4E5F6G7H8J9K0", resend.refundId().value());
    }

    @Test
    void theWorkflowsRequestPaymentStep_writesExactlyTheChargeFields() throws IOException {
        JsonNode definition = Json.parse(Files.readString(ProjectFiles.locate("statemachine/checkout.asl.json"))
                .replaceAll("\\$\\{[A-Za-z]+}", "0"));
        Set<String> written = new TreeSet<>();
        definition.path("States").path("RequestPayment").path("Parameters").path("MessageBody").fieldNames()
                .forEachRemaining(name -> written.add(name.replace(".$", "")));

        assertEquals(new TreeSet<>(Set.of("orderId", "attempt", "taskToken", "amount", "paymentMethod")), written);
        assertEquals(written, Json.parse(body("charge-message.json")).properties().stream().map(e -> e.getKey())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void unknownTypesAndMalformedMessages_areRefused() {
        assertThrows(ValidationException.class, () -> ChargeQueueMessage.parse("{\"type\":\"refund-everything\",\"orderId\":\"ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\"}"));
        assertThrows(ValidationException.class, () -> ChargeQueueMessage.parse("{\"orderId\":\"ord_01JDZ8Q4K3M5N7P9R2T4V6X8Y0\",\"attempt\":\"one\"}"));
        assertThrows(ValidationException.class, () -> ChargeQueueMessage.parse("not json"));
        assertThrows(ValidationException.class, () -> NotificationMessage.parse("{\"provider\":\"stripe\"}"));
    }

    @Test
    void notificationMessage_roundTrips() {
        NotificationMessage message = NotificationMessage.parse(body("notification-message.json"));

        assertEquals("stripe", message.provider());
        assertEquals("evt_1QexamplePaymentSucceeded", message.eventId());
        assertEquals(message, NotificationMessage.parse(message.toJson()));
    }
}
