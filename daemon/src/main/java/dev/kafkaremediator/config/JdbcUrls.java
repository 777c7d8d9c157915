package dev.kafkaremediator.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Secrets inside a PostgreSQL JDBC URL: a password as {@code user:password@host}, or as a parameter
 * whose name, once percent-decoded, names a password ({@code password}, {@code pass%77ord},
 * {@code sslpassword}). A URL is printed in logs and errors, so one holding a secret is refused by
 * the configuration check, and anything that prints a URL prints it {@link #redacted}.
 */
public final class JdbcUrls {
    static final String MASK = "***";

    private JdbcUrls() {
    }

    /** Where the URL holds a secret, if it does (never the secret itself). */
    public static Optional<String> secretIn(String url) {
        Parts parts = Parts.of(url);
        if (parts.password().isPresent()) {
            return Optional.of("holds a password (user:password@host)");
        }
        for (String param : parts.params()) {
            String name = nameOf(param);
            if (isPasswordName(name)) {
                return Optional.of("holds a password (the parameter " + decode(name) + ")");
            }
        }
        return Optional.empty();
    }

    /** The URL with every password replaced by {@value #MASK}; the same URL when it holds none. */
    public static String redacted(String url) {
        if (url == null || secretIn(url).isEmpty()) {
            return url;
        }
        Parts parts = Parts.of(url);
        StringBuilder out = new StringBuilder(parts.head());
        if (parts.authority() != null) {
            int at = parts.authority().lastIndexOf('@');
            String userInfo = at < 0 ? null : parts.authority().substring(0, at);
            if (userInfo != null && userInfo.contains(":")) {
                out.append(userInfo, 0, userInfo.indexOf(':') + 1).append(MASK).append(parts.authority().substring(at));
            } else {
                out.append(parts.authority());
            }
        }
        out.append(parts.path());
        if (parts.query() != null) {
            out.append('?');
            String[] params = parts.query().split("&", -1);
            for (int i = 0; i < params.length; i++) {
                String name = nameOf(params[i]);
                out.append(i == 0 ? "" : "&").append(isPasswordName(name) ? name + "=" + MASK : params[i]);
            }
        }
        return out.toString();
    }

    private static String nameOf(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param : param.substring(0, eq);
    }

    private static boolean isPasswordName(String rawName) {
        String name = decode(rawName).toLowerCase(Locale.ROOT);
        return name.contains("password") || name.equals("pass") || name.equals("pwd");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * {@code head} up to and including "//" (or the scheme's colon when there is no authority), the
     * authority, the path, and the query without its "?". Cut by hand: java.net.URI refuses the
     * driver's multi-host form (host1:5432,host2:5432).
     */
    private record Parts(String head, String authority, String path, String query) {
        static Parts of(String url) {
            String rest = url;
            String query = null;
            int q = rest.indexOf('?');
            if (q >= 0) {
                query = rest.substring(q + 1);
                rest = rest.substring(0, q);
            }
            int slashes = rest.indexOf("//");
            if (slashes < 0) {
                return new Parts(rest, null, "", query);
            }
            int start = slashes + 2;
            int end = rest.indexOf('/', start);
            end = end < 0 ? rest.length() : end;
            return new Parts(rest.substring(0, start), rest.substring(start, end), rest.substring(end), query);
        }

        Optional<String> password() {
            if (authority == null || authority.lastIndexOf('@') < 0) {
                return Optional.empty();
            }
            String userInfo = authority.substring(0, authority.lastIndexOf('@'));
            return userInfo.contains(":") ? Optional.of(userInfo.substring(userInfo.indexOf(':') + 1)) : Optional.empty();
        }

        java.util.List<String> params() {
            return query == null ? java.util.List.of() : java.util.List.of(query.split("&"));
        }
    }
}
