package dev.checkout.port;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.Payment;
import dev.checkout.domain.PaymentId;
import dev.checkout.domain.PaymentStatus;
import java.util.List;
import java.util.Optional;

/** Charge attempts, one record per attempt. */
public interface PaymentRepository {

    /** Stores a new payment; returns false, writing nothing, when one with that id exists. */
    boolean create(Payment payment);

    Optional<Payment> find(PaymentId paymentId);

    List<Payment> findByOrder(OrderId orderId);

    Optional<Payment> findByProviderReference(String provider, String providerReference);

    /**
     * Writes {@code payment} if the stored one still has {@code expectedStatus}.
     *
     * @throws dev.checkout.domain.StateConflictException when it does not
     */
    void update(Payment payment, PaymentStatus expectedStatus);
}
