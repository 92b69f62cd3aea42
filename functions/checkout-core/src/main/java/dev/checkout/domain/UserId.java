package dev.checkout.domain;

/** The customer: the verified token's subject. Never taken from a request body. */
public record UserId(String value) {
    public UserId {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw new ValidationException("user id must be 1-128 characters");
        }
        Text.requireValid(value, "user id");
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
