package dev.trailstream.cli;

import dev.trailstream.runtime.UsageException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A folder a command owns and replaces on each run (the demo's, the benchmark's). A marker file proves the
 * ownership, so that a typo in a flag can never delete a folder of the user's.
 */
final class ScratchFolder {
    private ScratchFolder() {
    }

    /** Empties {@code dir} (made earlier by {@code command}) or creates it; refuses a folder it did not make. */
    static Path replace(Path dir, String flag, String command) throws IOException {
        Path marker = dir.resolve(".trailstream-" + command);
        if (Files.exists(dir)) {
            if (!Files.exists(marker)) {
                throw new UsageException(flag + " " + dir + " exists and was not made by " + command
                        + ": choose another " + flag);
            }
            deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(marker, "made by trailstream " + command + "; replaced on each run\n");
        return dir;
    }

    private static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
