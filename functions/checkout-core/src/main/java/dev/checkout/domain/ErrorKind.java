package dev.checkout.domain;

/**
 * What kind of failure a {@link CheckoutException} is. Adapters map a kind to their own protocol
 * (an HTTP status, a workflow error, a queue retry) without knowing every exception class.
 */
public enum ErrorKind {
    /** The input is malformed or invalid. */
    INVALID,
    /** The thing asked for does not exist, or the caller may not know that it does. */
    NOT_FOUND,
    /** No verified identity came with the request. */
    UNAUTHENTICATED,
    /** The caller is authenticated but not allowed. */
    FORBIDDEN,
    /** The request conflicts with the current state (an illegal transition, a lost race). */
    CONFLICT,
    /** Well-formed but not possible (unknown SKU, over-refund, idempotency key reuse). */
    UNPROCESSABLE,
    /** A dependency failed in a way that a retry may fix. */
    TRANSIENT
}
