package dev.checkout.port;

import dev.checkout.domain.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The notification readers of the providers a deployment takes payments with, by provider name. */
public final class PaymentEventReaders {
    private final Map<String, PaymentEventReader> byProvider = new LinkedHashMap<>();

    public PaymentEventReaders(List<PaymentEventReader> readers) {
        for (PaymentEventReader reader : readers) {
            if (byProvider.putIfAbsent(reader.provider(), reader) != null) {
                throw new IllegalArgumentException("two notification readers for provider " + reader.provider());
            }
        }
    }

    public static PaymentEventReaders of(PaymentEventReader... readers) {
        return new PaymentEventReaders(List.of(readers));
    }

    public Set<String> providers() {
        return byProvider.keySet();
    }

    /** The reader of {@code provider}'s notifications; 404 for a provider this deployment does not take. */
    public PaymentEventReader named(String provider) {
        PaymentEventReader reader = byProvider.get(provider);
        if (reader == null) {
            throw new NotFoundException("no webhook for provider " + provider);
        }
        return reader;
    }
}
