package dev.checkout.port;

import dev.checkout.domain.PaymentMethod;
import dev.checkout.domain.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payment providers a deployment takes payments with, by name ({@link PaymentProvider#name()}, the
 * platform of a {@link PaymentMethod}). A payment is charged by the provider its method names; everything
 * after (cancel, refund, lookups, notifications) goes to the provider recorded on the payment, so the
 * workflow and the use cases treat the platform as data.
 */
public final class PaymentProviders {
    private final Map<String, PaymentProvider> byName = new LinkedHashMap<>();

    public PaymentProviders(List<PaymentProvider> providers) {
        for (PaymentProvider provider : providers) {
            if (byName.putIfAbsent(provider.name(), provider) != null) {
                throw new IllegalArgumentException("two payment providers are named " + provider.name());
            }
        }
    }

    public static PaymentProviders of(PaymentProvider... providers) {
        return new PaymentProviders(List.of(providers));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * The provider recorded on a payment or refund. One this deployment does not have is a defect of its
     * configuration (a platform was switched off while its payments were open), not of the request.
     */
    public PaymentProvider named(String name) {
        PaymentProvider provider = byName.get(name);
        if (provider == null) {
            throw new IllegalStateException("no payment provider '" + name + "' is configured; configured: " + byName.keySet());
        }
        return provider;
    }

    /** The provider that charges {@code paymentMethod} (its stored form); 400 for a platform not offered here. */
    public PaymentProvider charging(String paymentMethod) {
        PaymentMethod method = PaymentMethod.parse(paymentMethod);
        PaymentProvider provider = byName.get(method.platform());
        if (provider == null) {
            throw new ValidationException("this shop does not take " + method.platform() + " payments");
        }
        return provider;
    }
}
