package org.secfunet.coord;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.curator.RetryPolicy;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.secfunet.service.SecretSpec;
import org.secfunet.service.TomlConfig;

/**
 * How to reach the grid's ZooKeeper ensemble: the connect string, the root znode, the grid user and
 * where its password comes from, the session and connection timeouts and a bounded retry policy
 * (exponential back-off from {@code retryBaseMillis} up to {@code retryMaxMillis}, at most
 * {@code retryCount} retries per operation). Read from a {@code [zookeeper]} TOML table
 * ({@link Table}); {@link #toString} never shows the password (only its source, masked for {@code pass:}).
 */
public record CoordSettings(String connect, String root, String user, SecretSpec password,
                            int sessionTimeoutMillis, int connectionTimeoutMillis,
                            int retryBaseMillis, int retryMaxMillis, int retryCount) {
    /** The root znode when the table names none. */
    public static final String DEFAULT_ROOT = "/secfunet";

    /** host:port[,host:port...]; no chroot (give {@code root} instead). */
    private static final Pattern CONNECT = Pattern.compile("[A-Za-z0-9.\\[\\]:_-]+:\\d{1,5}(,[A-Za-z0-9.\\[\\]:_-]+:\\d{1,5})*");
    /** An absolute znode path of segments of letters, digits, '_', '.', '-'. */
    private static final Pattern ROOT = Pattern.compile("(/[A-Za-z0-9_.-]{1,64}){1,8}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public CoordSettings {
        if (connect == null || !CONNECT.matcher(connect).matches()) {
            throw new IllegalArgumentException("zookeeper.connect = '" + connect + "' must be host:port[,host:port...] (no chroot: give zookeeper.root)");
        }
        if (root == null || !ROOT.matcher(root).matches() || root.startsWith("/zookeeper") || root.contains("/./") || root.contains("/../")
                || root.endsWith("/.") || root.endsWith("/..")) {
            throw new IllegalArgumentException("zookeeper.root = '" + root + "' must be an absolute znode path like /secfunet (segments of letters, digits, '_', '.', '-'; not under /zookeeper)");
        }
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("zookeeper.user = '" + user + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        if (password == null) {
            throw new IllegalArgumentException("zookeeper.password is required (" + SecretSpec.FORMS + ")");
        }
        TomlConfig.range("zookeeper.session_timeout_ms", (long) sessionTimeoutMillis, 0, 1_000, 600_000);
        TomlConfig.range("zookeeper.connection_timeout_ms", (long) connectionTimeoutMillis, 0, 100, 600_000);
        TomlConfig.range("zookeeper.retry_base_ms", (long) retryBaseMillis, 0, 1, 60_000);
        TomlConfig.range("zookeeper.retry_max_ms", (long) retryMaxMillis, 0, retryBaseMillis, 600_000);
        TomlConfig.range("zookeeper.retry_count", (long) retryCount, 0, 0, 29);
    }

    /** The retry policy Curator applies to each operation: bounded in count and in each sleep. */
    public RetryPolicy retryPolicy() {
        return new BoundedExponentialBackoffRetry(retryBaseMillis, retryMaxMillis, retryCount);
    }

    /**
     * The {@code [zookeeper]} table as written in a TOML file (embed it in a service's config shape
     * as {@code @JsonProperty("zookeeper") CoordSettings.Table}).
     */
    public record Table(@JsonProperty(value = "connect", required = true) String connect, @JsonProperty("root") String root,
                        @JsonProperty(value = "user", required = true) String user,
                        @JsonProperty(value = "password", required = true) String password,
                        @JsonProperty("session_timeout_ms") Integer sessionTimeoutMs,
                        @JsonProperty("connection_timeout_ms") Integer connectionTimeoutMs,
                        @JsonProperty("retry_base_ms") Integer retryBaseMs, @JsonProperty("retry_max_ms") Integer retryMaxMs,
                        @JsonProperty("retry_count") Integer retryCount) {
    }

    /** A document holding only a {@code [zookeeper]} table. */
    record Document(@JsonProperty(value = "zookeeper", required = true) Table zookeeper) {
    }

    /** Validates a table; {@code base} resolves a {@code file:} password. One-line {@link IllegalArgumentException} naming the key otherwise. */
    public static CoordSettings of(Table t, Path base) {
        SecretSpec pw;
        try {
            pw = new SecretSpec(t.password(), base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("zookeeper.password: " + e.getMessage());
        }
        int session = TomlConfig.range("zookeeper.session_timeout_ms", t.sessionTimeoutMs(), 15_000, 1_000, 600_000);
        int base0 = TomlConfig.range("zookeeper.retry_base_ms", t.retryBaseMs(), 200, 1, 60_000);
        return new CoordSettings(t.connect(), t.root() == null ? DEFAULT_ROOT : t.root(), t.user(), pw, session,
                TomlConfig.range("zookeeper.connection_timeout_ms", t.connectionTimeoutMs(), 5_000, 100, 600_000),
                base0, TomlConfig.range("zookeeper.retry_max_ms", t.retryMaxMs(), Math.max(base0, 5_000), base0, 600_000),
                TomlConfig.range("zookeeper.retry_count", t.retryCount(), 10, 0, 29));
    }

    /** Parses TOML text that holds a {@code [zookeeper]} table and nothing else; {@code source} names it in messages. */
    public static CoordSettings parse(String text, String source, Path base) {
        return of(TomlConfig.parse(text, source, Document.class).zookeeper(), base);
    }

    /** Reads a file that holds a {@code [zookeeper]} table and nothing else. */
    public static CoordSettings load(Path file) {
        return of(TomlConfig.read(file, Document.class).zookeeper(), file.toAbsolutePath().getParent());
    }
}
