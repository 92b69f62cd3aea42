package dev.checkout.aws.wiring;

import java.util.function.Supplier;

/**
 * A value made by its first {@link #get()} and kept: an adapter whose SDK client only some
 * invocations need, so that the others never build it.
 */
final class OnFirstUse<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    OnFirstUse(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = factory.get();
                    value = current;
                }
            }
        }
        return current;
    }
}
