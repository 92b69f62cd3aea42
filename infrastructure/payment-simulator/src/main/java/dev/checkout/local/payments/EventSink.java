package dev.checkout.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Receives the events the ledger's changes produce. */
interface EventSink {
    /**
     * @param object             the changed object as the API renders it (becomes {@code data.object})
     * @param previousAttributes the changed fields' former values, or {@code null}
     */
    void publish(String type, ObjectNode object, ObjectNode previousAttributes, RequestContext cause);
}
