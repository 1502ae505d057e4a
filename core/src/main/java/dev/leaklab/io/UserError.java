package dev.leaklab.io;

/**
 * A problem the user can fix: a file that cannot be read, a process that is gone, a bad option.
 * The message is one line that says what was wrong and what to do; the CLI prints it and exits
 * with code 2, never a stack trace. Line breaks in the message are folded into spaces.
 */
public sealed class UserError extends RuntimeException permits NoAnswer {
    public UserError(String message) {
        super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "), null, false, false);
    }

    /** A file-system failure in words: {@code cannot use /proc/x: no such file or folder}. */
    public static String describe(java.nio.file.FileSystemException e) {
        String why;
        if (e instanceof java.nio.file.NoSuchFileException) {
            why = "no such file or folder";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof java.nio.file.FileAlreadyExistsException) {
            why = "it already exists";
        } else if (e instanceof java.nio.file.NotDirectoryException) {
            why = "not a folder";
        } else if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            why = "a folder that is not empty";
        } else {
            why = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        }
        String other = e.getOtherFile() == null ? "" : " (and " + e.getOtherFile() + ")";
        return "cannot use " + e.getFile() + other + ": " + why;
    }
}
