package dev.checkout.port;

import dev.checkout.domain.OrderId;
import dev.checkout.domain.RefundId;
import dev.checkout.domain.Ulid;
import java.time.Instant;

/** New identifiers. The default makes ULIDs, sortable by creation time. */
public interface IdGenerator {
    OrderId newOrderId(Instant now);

    RefundId newRefundId(Instant now);

    static IdGenerator ulid() {
        return new IdGenerator() {
            @Override
            public OrderId newOrderId(Instant now) {
                return OrderId.of("ord_" + Ulid.next(now));
            }

            @Override
            public RefundId newRefundId(Instant now) {
                return RefundId.of("rfd_" + Ulid.next(now));
            }
        };
    }
}
