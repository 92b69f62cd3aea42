package dev.checkout.local.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The sample events in {@code events/}: the same files {@code sam local invoke -e} uses, read as test fixtures. */
public final class Events {
    private Events() {
    }

    public static String read(String name) {
        try {
            return Files.readString(ProjectFiles.locate("events/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
