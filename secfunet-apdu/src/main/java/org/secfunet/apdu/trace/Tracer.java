package org.secfunet.apdu.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.Hex;
import org.secfunet.apdu.StatusWord;

/**
 * The debug trace (the seed's scarddebug): APDUs and reader events with timestamp, direction,
 * length, elapsed time, the status word's meaning and, at {@link TraceLevel#HEX}, a hex dump.
 * PIN-carrying commands are redacted before anything is formatted. Thread-safe; one line (or one
 * block at HEX) is written atomically.
 */
public final class Tracer implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    public static final Tracer OFF = new Tracer(TraceLevel.OFF, null, Clock.systemUTC(), false);

    private final TraceLevel level;
    private final PrintStream out;
    private final Clock clock;
    private final boolean ownsStream;

    private Tracer(TraceLevel level, PrintStream out, Clock clock, boolean ownsStream) {
        this.level = level;
        this.out = out;
        this.clock = clock;
        this.ownsStream = ownsStream;
    }

    public static Tracer to(PrintStream out, TraceLevel level) {
        return level == TraceLevel.OFF ? OFF : new Tracer(level, out, Clock.systemUTC(), false);
    }

    public static Tracer to(OutputStream out, TraceLevel level, Clock clock) {
        return new Tracer(level, new PrintStream(out, true, StandardCharsets.UTF_8), clock, false);
    }

    /** Appends to a file (created if missing); the tracer closes it. */
    public static Tracer toFile(Path file, TraceLevel level) throws IOException {
        if (level == TraceLevel.OFF) {
            return OFF;
        }
        OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new Tracer(level, new PrintStream(os, true, StandardCharsets.UTF_8), Clock.systemUTC(), true);
    }

    /**
     * Parses a destination: "stderr", "stdout", or a file path.
     */
    public static Tracer forDestination(String destination, TraceLevel level) throws IOException {
        return switch (destination) {
            case "stderr", "-" -> to(System.err, level);
            case "stdout" -> to(System.out, level);
            default -> toFile(Path.of(destination), level);
        };
    }

    public TraceLevel level() {
        return level;
    }

    public boolean enabled(TraceLevel at) {
        return level != TraceLevel.OFF && level.includes(at);
    }

    /** A reader or card event (insertion, removal, connect, reconnect...). */
    public void event(String source, String what) {
        if (!enabled(TraceLevel.EVENTS)) {
            return;
        }
        write(stamp() + " [" + source + "] * " + what + "\n");
    }

    /** A command about to be sent (PIN data hidden). */
    public void command(String source, byte[] command) {
        command(source, command, Secrets.PINS.of(command));
    }

    /** A command about to be sent, hiding what {@code hide} says. */
    public void command(String source, byte[] command, Secrets.Hide hide) {
        if (!enabled(TraceLevel.APDU)) {
            return;
        }
        byte[] shown = hide.commandData() ? Redaction.blankCommandData(command) : command;
        StringBuilder sb = new StringBuilder(128);
        sb.append(stamp()).append(" [").append(source).append("] > ").append(command.length).append(" bytes  ");
        sb.append(Hex.spaced(shown, 0, Math.min(4, shown.length))).append(lengths(command));
        if (shown != command) {
            sb.append("  (").append(hide.what()).append(" data redacted)");
        }
        sb.append('\n');
        if (enabled(TraceLevel.HEX)) {
            sb.append(Hex.dump(shown, "      "));
        }
        write(sb.toString());
    }

    /** The answer to the last command, with the time it took. */
    public void response(String source, byte[] answer, long elapsedNanos) {
        response(source, answer, elapsedNanos, false);
    }

    /** The answer, its data hidden when {@code secret} (the status word stays visible). */
    public void response(String source, byte[] answer, long elapsedNanos, boolean secret) {
        if (!enabled(TraceLevel.APDU)) {
            return;
        }
        if (secret && answer.length > 2) {
            answer = Redaction.blankResponseData(answer);
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append(stamp()).append(" [").append(source).append("] < ").append(answer.length).append(" bytes  ");
        if (answer.length >= 2) {
            int sw = ((answer[answer.length - 2] & 0xFF) << 8) | (answer[answer.length - 1] & 0xFF);
            sb.append("SW ").append(StatusWord.format(sw));
        } else {
            sb.append("no status word");
        }
        sb.append(String.format("  %.3f ms", elapsedNanos / 1e6));
        if (secret && answer.length > 2) {
            sb.append("  (secret data redacted)");
        }
        sb.append('\n');
        if (enabled(TraceLevel.HEX)) {
            sb.append(Hex.dump(answer, "      "));
        }
        write(sb.toString());
    }

    /** The exchange failed. */
    public void failure(String source, Throwable error, long elapsedNanos) {
        if (!enabled(TraceLevel.EVENTS)) {
            return;
        }
        write(stamp() + " [" + source + "] ! " + error.getMessage() + String.format("  %.3f ms", elapsedNanos / 1e6) + "\n");
    }

    private static String lengths(byte[] command) {
        try {
            CommandApdu c = CommandApdu.parse(command);
            return (c.nc() > 0 ? " Lc=" + c.nc() : "") + (c.ne() > 0 ? " Le=" + c.ne() : "") + (c.isExtended() ? " (extended)" : "");
        } catch (ApduFormatException e) {
            return " (malformed: " + e.getMessage() + ")";
        }
    }

    private String stamp() {
        return TIME.format(Instant.now(clock));
    }

    private void write(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (ownsStream && out != null) {
            out.close();
        }
    }
}
