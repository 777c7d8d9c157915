package dev.kafkaremediator.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What the state stores tell an operator about a file they could not use. Java's file-system
 * exceptions often carry nothing but the path as their message (a file where a directory should be,
 * a file the user may not read), which, after "cannot read X:", reads as no reason at all.
 */
public final class StateFiles {

    private StateFiles() {
    }

    /** Creates a state directory and its parents; a file in the way is named as such. */
    public static void createDirectories(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    if (!Files.isDirectory(p)) {
                        throw new FileSystemException(p.toString(), null, "a file where a directory should be (move it aside)");
                    }
                    break;
                }
            }
            throw e;
        }
    }

    /** The exception's message, with the reason that a bare path leaves out. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() == null && fs.getFile() != null) {
            String why = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof FileAlreadyExistsException ? "already exists" : null;
            if (why != null) {
                return fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile()) + ": " + why;
            }
        }
        return e.getMessage();
    }
}
