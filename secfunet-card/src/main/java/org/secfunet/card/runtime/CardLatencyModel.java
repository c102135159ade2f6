package org.secfunet.card.runtime;

import java.util.Locale;

/**
 * A benchmark-only model of what a real card would take per APDU: the link (ISO 7816-3 T=0 or T=1
 * at a baud rate, 12 etu per character; or ISO 14443 at a bit rate, 9 bit times per byte plus
 * frame overhead), a per-command processing constant, and the public-key operations its TLS engine
 * performs ({@link CardCryptoCosts}). It never runs unless asked for; it only computes times, the
 * caller decides whether to account or also to sleep.
 *
 * @param name profile name, for print-outs
 * @param link {@code t0}, {@code t1} or {@code cl} (contactless ISO 14443)
 * @param bitsPerSecond baud rate (contact: 1/etu) or contactless bit rate
 * @param commandMs processing time charged per command, in milliseconds
 * @param crypto what each public-key operation costs
 */
public record CardLatencyModel(String name, String link, int bitsPerSecond, double commandMs, CardCryptoCosts crypto) {
    /** Character frame of ISO 7816-3 at the standard guard time: start, 8 data, parity, 2 etu guard. */
    public static final int ETU_PER_CHAR = 12;
    /** T=1 block framing: NAD, PCB, LEN before the INF field, LRC after it. */
    public static final int T1_FRAME_BYTES = 4;
    /** ISO 14443 I-block framing: PCB and a 2-byte CRC (no CID, no NAD). */
    public static final int CL_FRAME_BYTES = 3;

    /** A model charging no cryptography. */
    public CardLatencyModel(String name, String link, int bitsPerSecond, double commandMs) {
        this(name, link, bitsPerSecond, commandMs, CardCryptoCosts.NONE);
    }

    public CardLatencyModel {
        if (crypto == null) {
            crypto = CardCryptoCosts.NONE;
        }
        if (!link.equals("t0") && !link.equals("t1") && !link.equals("cl")) {
            throw new IllegalArgumentException("card model link must be t0, t1 or cl, not " + link);
        }
        if (bitsPerSecond < 1200 || bitsPerSecond > 10_000_000) {
            throw new IllegalArgumentException("card model speed must be 1200..10000000 bit/s, not " + bitsPerSecond);
        }
        if (!(commandMs >= 0 && commandMs <= 60_000)) {
            throw new IllegalArgumentException("card model command time must be 0..60000 ms, not " + commandMs);
        }
    }

    /**
     * The published-figure profiles. Cryptography: JCAlgTest's per-operation results (init + operation)
     * of one named card each; see docs/benchmarks.md for the files and which parts are estimates.
     */
    public static CardLatencyModel profile(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            // NXP J2A080 80K (JCOP 2.4.1)
            case "default-9600" -> new CardLatencyModel("default-9600", "t0", 9600, 5,
                    new CardCryptoCosts(568.90, 181.90, 154.54, 224.29, 688.45, 145.08));
            // NXP JCOP3 J3H145g P60
            case "contact-115200" -> new CardLatencyModel("contact-115200", "t1", 115200, 5,
                    new CardCryptoCosts(156.30, 63.60, 62.04, 56.07, 204.66, 22.60));
            // NXP JCOP4 J3R180 SECID P71
            case "contact-230400" -> new CardLatencyModel("contact-230400", "t1", 230400, 5,
                    new CardCryptoCosts(26.80, 27.94, 40.08, 38.34, 67.11, 17.45));
            // NXP JCOP4 P71D321, measured contactless
            case "contactless-424" -> new CardLatencyModel("contactless-424", "cl", 424_000, 5,
                    new CardCryptoCosts(26.25, 30.22, 41.91, 40.13, 68.46, 18.96));
            default -> throw new IllegalArgumentException("unknown card profile " + name
                    + ": use default-9600, contact-115200, contact-230400, contactless-424 or baud=N,link=t0|t1|cl,cmd-ms=N");
        };
    }

    /**
     * A profile name, or {@code [PROFILE,]key=value,...} with the keys {@code baud}, {@code link}
     * ({@code t0|t1|cl}), {@code cmd-ms} and the per-operation costs {@code keygen-ms},
     * {@code ecdh-ms}, {@code sign-ms}, {@code verify-ms}, {@code rsa-sign-ms},
     * {@code rsa-verify-ms}; without a profile, {@code baud} is required and every other value
     * starts at 0 ({@code link} at t1).
     */
    public static CardLatencyModel parse(String spec) {
        if (!spec.contains("=")) {
            return profile(spec.trim());
        }
        String[] parts = spec.split(",", 16);
        CardLatencyModel base = parts[0].contains("=") ? null : profile(parts[0].trim());
        int baud = base == null ? -1 : base.bitsPerSecond;
        String link = base == null ? "t1" : base.link;
        double cmd = base == null ? 0 : base.commandMs;
        CardCryptoCosts costs = base == null ? CardCryptoCosts.NONE : base.crypto;
        for (int i = base == null ? 0 : 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("card model part " + parts[i] + " is not key=value");
            }
            String key = kv[0].trim();
            String v = kv[1].trim();
            try {
                switch (key) {
                    case "baud" -> baud = Integer.parseInt(v);
                    case "link" -> link = v;
                    case "cmd-ms" -> cmd = Double.parseDouble(v);
                    default -> {
                        if (CardCryptoCosts.NONE.with(key, 0) == null) {
                            throw new IllegalArgumentException("unknown card model key " + key
                                    + ": use baud, link, cmd-ms, keygen-ms, ecdh-ms, sign-ms, verify-ms, rsa-sign-ms, rsa-verify-ms");
                        }
                        costs = costs.with(key, Double.parseDouble(v));
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("card model " + key + " must be a number, not " + v, e);
            }
        }
        if (baud < 0) {
            throw new IllegalArgumentException("card model needs baud=N");
        }
        return new CardLatencyModel(base == null ? "custom" : base.name + "+", link, baud, cmd, costs);
    }

    /** Link time, in milliseconds, of one command and its answer (both as sent on the wire by the host). */
    public double linkMs(byte[] command, byte[] response) {
        long bits;
        switch (link) {
            case "t0" -> {
                // the 5-byte header, then one procedure byte (INS) when data follow, then data; answer data + SW
                int overhead = command.length > 5 ? 1 : 0;
                bits = (long) ETU_PER_CHAR * (command.length + overhead + response.length);
            }
            case "t1" -> bits = (long) ETU_PER_CHAR * (command.length + response.length + 2 * T1_FRAME_BYTES);
            default -> bits = 9L * (command.length + response.length + 2 * CL_FRAME_BYTES) + 2 * 2;
        }
        return bits * 1000.0 / bitsPerSecond;
    }

    /** Total model time of one APDU exchange, in milliseconds. */
    public double apduMs(byte[] command, byte[] response) {
        return linkMs(command, response) + commandMs;
    }
}
