package org.secfunet.radius.aka;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.secfunet.card.sim.Milenage;
import org.secfunet.card.store.AtomicFiles;
import org.secfunet.card.store.StoreLock;

/**
 * The authentication centre's subscribers (TOML): IMSI, K, OPc (or OP), AMF, and the SQN the
 * network last used. The SQN is written to disk (atomically, fsync'd) before an authentication
 * vector that uses it leaves, so a crash can never make the centre reuse one. The file is locked
 * by one process at a time.
 */
public final class Subscribers implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    static final long MAX_FILE = 1 << 20;

    /** One subscriber; {@code sqn} is the last SQN sent (48 bits). */
    public static final class Subscriber {
        final String imsi;
        final byte[] k;
        final byte[] opc;
        final byte[] amf;
        long sqn;

        Subscriber(String imsi, byte[] k, byte[] opc, byte[] amf, long sqn) {
            this.imsi = imsi;
            this.k = k;
            this.opc = opc;
            this.amf = amf;
            this.sqn = sqn;
        }

        public Milenage milenage() {
            return new Milenage(k, opc);
        }

        public long sqn() {
            return sqn;
        }
    }

    record FileSubscriber(@JsonProperty(value = "imsi", required = true) String imsi, @JsonProperty(value = "k", required = true) String k,
                          @JsonProperty("opc") String opc, @JsonProperty("op") String op, @JsonProperty("amf") String amf,
                          @JsonProperty("sqn") String sqn) {
    }

    record FileSubscribers(@JsonProperty(value = "subscriber", required = true) List<FileSubscriber> subscriber) {
    }

    private final Path file;
    private final StoreLock lock;
    private final Map<String, Subscriber> byImsi;

    private Subscribers(Path file, StoreLock lock, Map<String, Subscriber> byImsi) {
        this.file = file;
        this.lock = lock;
        this.byImsi = byImsi;
    }

    public static Subscribers open(Path file) {
        StoreLock lock = StoreLock.lock(file);
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalArgumentException("subscribers " + file + " is larger than " + MAX_FILE + " bytes");
            }
            FileSubscribers f = TomlMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(Files.readString(file), FileSubscribers.class);
            Map<String, Subscriber> m = new LinkedHashMap<>();
            for (FileSubscriber s : f.subscriber()) {
                if (s.imsi() == null || !s.imsi().matches("[0-9]{6,15}")) {
                    throw new IllegalArgumentException("subscriber imsi '" + s.imsi() + "' must be 6..15 digits");
                }
                byte[] k = hex(s.k(), 16, s.imsi() + ": k");
                byte[] opc;
                if (s.opc() != null) {
                    opc = hex(s.opc(), 16, s.imsi() + ": opc");
                } else if (s.op() != null) {
                    opc = Milenage.opc(k, hex(s.op(), 16, s.imsi() + ": op"));
                } else {
                    throw new IllegalArgumentException("subscriber " + s.imsi() + " needs opc or op");
                }
                byte[] amf = s.amf() == null ? new byte[] {(byte) 0x80, 0} : hex(s.amf(), 2, s.imsi() + ": amf");
                long sqn = s.sqn() == null ? 0 : Long.parseLong(s.sqn(), 16);
                if (sqn < 0 || sqn >= (1L << 48)) {
                    throw new IllegalArgumentException("subscriber " + s.imsi() + ": sqn must be 48 bits");
                }
                if (m.put(s.imsi(), new Subscriber(s.imsi(), k, opc, amf, sqn)) != null) {
                    throw new IllegalArgumentException("subscriber " + s.imsi() + " appears twice");
                }
            }
            return new Subscribers(file, lock, m);
        } catch (JsonMappingException e) {
            lock.close();
            throw new IllegalArgumentException("subscribers " + file + ": " + e.getOriginalMessage().lines().findFirst().orElse("invalid"));
        } catch (IOException e) {
            lock.close();
            throw new IllegalArgumentException("subscribers " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static byte[] hex(String s, int len, String what) {
        try {
            byte[] b = HEX.parseHex(s.replace(" ", ""));
            if (b.length != len) {
                throw new IllegalArgumentException(what + " must be " + len + " bytes");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not " + len + " bytes of hex");
        }
    }

    public Subscriber get(String imsi) {
        return byImsi.get(imsi);
    }

    /** Sets a subscriber's SQN and writes the file before returning. */
    public synchronized void setSqn(Subscriber s, long sqn) throws IOException {
        long old = s.sqn;
        s.sqn = sqn;
        try {
            save();
        } catch (IOException e) {
            s.sqn = old;
            throw e;
        }
    }

    private void save() throws IOException {
        StringBuilder sb = new StringBuilder("# secfunet authentication centre: subscribers (the sqn lines are rewritten as vectors are issued)\n");
        for (Subscriber s : byImsi.values()) {
            sb.append("\n[[subscriber]]\nimsi = \"").append(s.imsi).append("\"\nk = \"").append(HEX.formatHex(s.k)).append("\"\nopc = \"")
                    .append(HEX.formatHex(s.opc)).append("\"\namf = \"").append(HEX.formatHex(s.amf)).append("\"\nsqn = \"")
                    .append(String.format("%012x", s.sqn)).append("\"\n");
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        lock.close();
    }
}
