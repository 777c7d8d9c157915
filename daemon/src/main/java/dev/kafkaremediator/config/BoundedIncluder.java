package dev.kafkaremediator.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * HOCON's {@code include}, with the including file's size bound on the included file: a small
 * cluster file that includes a 60 MB log would otherwise be read whole all the same. Relative
 * names are looked up beside the file read (as Typesafe Config does for a top-level include); what
 * is not a file there (a classpath resource, a URL) is left to Typesafe Config's own includer.
 */
final class BoundedIncluder implements ConfigIncluder, ConfigIncluderFile {
    private final Path dir;
    private final long maxBytes;
    private final String kind;
    private final ConfigIncluder fallback;

    BoundedIncluder(Path dir, long maxBytes, String kind) {
        this(dir, maxBytes, kind, null);
    }

    private BoundedIncluder(Path dir, long maxBytes, String kind, ConfigIncluder fallback) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.kind = kind;
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder next) {
        return next == fallback ? this : new BoundedIncluder(dir, maxBytes, kind, next);
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        Path candidate = dir.resolve(what);
        bound(candidate, context);
        return fallback.include(context, what);
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        bound(what.toPath().isAbsolute() ? what.toPath() : dir.resolve(what.toPath()), context);
        if (fallback instanceof ConfigIncluderFile files) {
            return files.includeFile(context, what);
        }
        throw new ConfigException.Generic("include file(" + what + "): not supported here");
    }

    private void bound(Path file, ConfigIncludeContext context) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ConfigException.Generic(String.format(Locale.ROOT, "include %s: %,d bytes; %s may hold at most %,d bytes (%d KiB), what it"
                        + " includes too: not read", file, size, kind, maxBytes, maxBytes / 1024));
            }
        } catch (IOException e) {
            throw new ConfigException.Generic("include " + file + ": cannot read its size: " + e.getMessage());
        }
    }
}
