package org.secfunet.jca.card;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.service.SecretSpec;

/**
 * The provider's configuration, the string given to {@code SecFuNetProvider.configure} (and so to
 * {@code keytool -providerArg} and a {@code security.provider.N} line): items separated by {@code ;}
 * or new lines, each a reader address (PC/SC index or name, {@code vcard:FILE}, {@code racs://…})
 * or a {@code key=value} setting:
 * <ul>
 * <li>{@code reader=ADDRESS} (repeatable; a bare item is the same),</li>
 * <li>{@code pin=env:NAME|file:PATH|pass:VALUE}: the PIN when the application gives none;
 * {@code pin=pinpad}: every verification typed on the reader's pinpad; {@code pin=auto}: the
 * pinpad when the reader has one, else the application's PIN (see {@link PinPadChoice}),</li>
 * <li>{@code pin-policy=cache|per-operation} (see {@link PinPolicy}),</li>
 * <li>{@code identity=LABEL}: the identity of SSL contexts (default: the card's preferred one),</li>
 * <li>{@code wait=SECONDS}: how long an operation waits for a free card (default 30),</li>
 * <li>{@code handshake-timeout=SECONDS}: the bound on one handshake in the card (default 30).</li>
 * </ul>
 * A string naming an existing file ending in {@code .conf} is read as those items, one per line
 * ({@code #} starts a comment). With no reader, the first PC/SC reader ({@code 0}) is used.
 */
public record JcaSettings(List<String> readers, SecretSpec pin, PinPolicy pinPolicy, String identity, Duration leaseWait, Duration handshakeTimeout,
                          PinPadChoice pinPad) {
    /** The longest configuration read, in characters (file or inline). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** At most this many readers behind one provider. */
    public static final int MAX_READERS = 64;
    private static final long MAX_SECONDS = 3600;

    /** The forms of {@code pin=}, for messages. */
    public static final String PIN_FORMS = SecretSpec.FORMS + ", pinpad or auto";

    public JcaSettings {
        readers = List.copyOf(readers);
        if (pin != null && pinPad != PinPadChoice.NEVER) {
            throw new IllegalArgumentException("pin= is either a secret source or the pinpad");
        }
    }

    /** No configuration: the first PC/SC reader, PIN from the application, cached. */
    public static JcaSettings defaults() {
        return new JcaSettings(List.of("0"), null, PinPolicy.CACHE, null, Duration.ofSeconds(30), Duration.ofSeconds(30), PinPadChoice.NEVER);
    }

    /** A copy reading {@code readers} instead. */
    public JcaSettings withReaders(List<String> other) {
        return new JcaSettings(other, pin, pinPolicy, identity, leaseWait, handshakeTimeout, pinPad);
    }

    /**
     * Parses a configuration string.
     *
     * @throws IllegalArgumentException naming the item that is wrong and what is expected
     */
    public static JcaSettings parse(String arg) {
        if (arg == null || arg.isBlank()) {
            return defaults();
        }
        String text = arg.strip();
        Path base = null;
        if (text.endsWith(".conf") && !text.contains(";") && !text.contains("\n")) {
            Path file = Path.of(text);
            if (Files.isRegularFile(file)) {
                text = readFile(file);
                base = file.toAbsolutePath().getParent();
            } else {
                throw new IllegalArgumentException("SecFuNet provider configuration file " + file + " does not exist");
            }
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("SecFuNet provider configuration over " + MAX_LENGTH + " characters");
        }
        List<String> readers = new ArrayList<>();
        SecretSpec pin = null;
        PinPadChoice pinPad = PinPadChoice.NEVER;
        PinPolicy policy = PinPolicy.CACHE;
        String identity = null;
        Duration wait = Duration.ofSeconds(30);
        Duration handshake = Duration.ofSeconds(30);
        for (String raw : text.split("[;\n]")) {
            String item = raw.strip();
            if (item.isEmpty() || item.startsWith("#")) {
                continue;
            }
            int eq = item.indexOf('=');
            String key = eq < 0 ? "" : item.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            String value = eq < 0 ? item : item.substring(eq + 1).strip();
            switch (key) {
                case "reader" -> readers.add(nonEmpty(key, value));
                case "pin" -> {
                    pin = null;
                    pinPad = switch (value.toLowerCase(java.util.Locale.ROOT)) {
                        case "pinpad" -> PinPadChoice.PINPAD;
                        case "auto" -> PinPadChoice.AUTO;
                        default -> {
                            if (!SecretSpec.isSpec(value)) {
                                throw new IllegalArgumentException("pin= in the SecFuNet provider configuration must be " + PIN_FORMS);
                            }
                            pin = new SecretSpec(value, base != null ? base : Path.of("").toAbsolutePath());
                            yield PinPadChoice.NEVER;
                        }
                    };
                }
                case "pin-policy" -> policy = PinPolicy.parse(value);
                case "identity" -> identity = nonEmpty(key, value);
                case "wait" -> wait = seconds(key, value);
                case "handshake-timeout" -> handshake = seconds(key, value);
                default -> {
                    if (eq < 0 || !key.matches("[a-z-]+")) {
                        readers.add(item); // a reader address (a racs:// address may hold '=')
                    } else {
                        throw new IllegalArgumentException("unknown setting '" + key
                                + "' in the SecFuNet provider configuration (known: reader, pin, pin-policy, identity, wait, handshake-timeout)");
                    }
                }
            }
        }
        if (readers.size() > MAX_READERS) {
            throw new IllegalArgumentException("SecFuNet provider configuration names " + readers.size() + " readers, over " + MAX_READERS);
        }
        if (readers.isEmpty()) {
            readers.add("0");
        }
        return new JcaSettings(readers, pin, policy, identity, wait, handshake, pinPad);
    }

    private static String readFile(Path file) {
        try {
            if (Files.size(file) > MAX_LENGTH) {
                throw new IllegalArgumentException("SecFuNet provider configuration file " + file + " is over " + MAX_LENGTH + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SecFuNet provider configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String nonEmpty(String key, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + "= in the SecFuNet provider configuration is empty");
        }
        return value;
    }

    private static Duration seconds(String key, String value) {
        try {
            long s = Long.parseLong(value);
            if (s >= 1 && s <= MAX_SECONDS) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + "= in the SecFuNet provider configuration must be whole seconds, 1.." + MAX_SECONDS + ", not '" + value + "'");
    }

    /** The configuration without the PIN's value (the PIN spec names only its source). */
    @Override
    public String toString() {
        String from = switch (pinPad) {
            case PINPAD -> "pinpad";
            case AUTO -> "auto";
            case NEVER -> pin == null ? "from the application" : pin.toString();
        };
        return "readers=" + readers + ", pin=" + from
                + ", pin-policy=" + pinPolicy.text() + (identity == null ? "" : ", identity=" + identity);
    }
}
