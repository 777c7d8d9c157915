package dev.kafkaremediator.config;

/** One thing wrong in a configuration or policy file: where, which key, and what was expected. */
public record ConfigProblem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        String where = file == null ? "<unknown file>" : file;
        return where + (line > 0 ? ":" + line : "") + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
