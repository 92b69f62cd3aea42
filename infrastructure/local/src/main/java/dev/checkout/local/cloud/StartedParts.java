package dev.checkout.local.cloud;

import java.util.ArrayList;
import java.util.List;

/**
 * What the local cloud has started so far, to stop on {@link #close()}: the event sources first,
 * so that nothing invokes a function any more, then the rest in the reverse of the order they
 * started in. A part that fails to stop is logged and the others still stop.
 */
final class StartedParts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StartedParts.class.getName());

    private final List<AutoCloseable> parts = new ArrayList<>();
    private EventSources eventSources;

    <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    EventSources addEventSources(EventSources sources) {
        eventSources = sources;
        return sources;
    }

    @Override
    public void close() {
        if (eventSources != null) {
            eventSources.close();
            eventSources = null;
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping", e);
            }
        }
        parts.clear();
    }
}
