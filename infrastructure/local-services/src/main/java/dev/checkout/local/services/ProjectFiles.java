package dev.checkout.local.services;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the project from wherever a test or the local cloud was started inside it. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    /**
     * The first {@code relative} found in the working directory or one of its parents. The system
     * property {@code checkout.projectDir} overrides the search.
     */
    public static Path locate(String relative) {
        String configured = System.getProperty("checkout.projectDir");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + relative + " in " + start + " or its parents");
    }
}
