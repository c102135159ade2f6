package org.secfunet.radius.aka;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.secfunet.card.sim.GsmContext;
import org.secfunet.card.sim.Milenage;
import org.secfunet.service.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication centre behind hostapd's EAP-SIM/EAP-AKA server, speaking hlr_auc_gw's text
 * protocol (no I/O here): GSM triplets from Milenage through c2/c3, UMTS quintets with a fresh SQN
 * per vector (stored before the vector leaves), and re-synchronisation from AUTS.
 *
 * <pre>
 * SIM-REQ-AUTH IMSI max_chal   -> SIM-RESP-AUTH IMSI Kc:SRES:RAND ... | SIM-RESP-AUTH IMSI FAILURE
 * AKA-REQ-AUTH IMSI            -> AKA-RESP-AUTH IMSI RAND AUTN IK CK RES | AKA-RESP-AUTH IMSI FAILURE
 * AKA-AUTS IMSI AUTS RAND      -> (no answer)
 * </pre>
 *
 * FAILURE is the protocol's only refusal: the log says which (an unknown IMSI, or a count below
 * one for a known or unknown IMSI). The request's fields come from the peer (hostapd takes the
 * IMSI from its EAP identity) and are logged escaped.
 */
public final class AuthCentre {
    private static final Logger LOG = LoggerFactory.getLogger(AuthCentre.class);
    private static final HexFormat HEX = HexFormat.of();
    /** SQN step per vector: SEQ+1 with a 5-bit IND field (TS 33.102 C.3). */
    static final long SQN_STEP = 32;
    static final int MAX_REQUEST = 1024;
    static final int MAX_TRIPLETS = 3;

    private final Subscribers subscribers;
    private final SecureRandom random;

    public AuthCentre(Subscribers subscribers, SecureRandom random) {
        this.subscribers = subscribers;
        this.random = random;
    }

    /** The answer to one request line, or null when the protocol gives none (AUTS) or the request is junk. */
    public String handle(String request) {
        if (request.length() > MAX_REQUEST) {
            LOG.warn("dropped a request of {} bytes", request.length());
            return null;
        }
        String[] t = request.strip().split(" ");
        try {
            return switch (t[0]) {
                case "SIM-REQ-AUTH" -> t.length == 3 ? sim(t[1], Integer.parseInt(t[2])) : null;
                case "AKA-REQ-AUTH" -> t.length == 2 ? aka(t[1]) : null;
                case "AKA-AUTS" -> {
                    if (t.length == 4) {
                        auts(t[1], HEX.parseHex(t[2]), HEX.parseHex(t[3]));
                    }
                    yield null;
                }
                default -> {
                    LOG.warn("unknown request '{}'", LogText.escape(t[0].length() > 32 ? t[0].substring(0, 32) : t[0]));
                    yield null;
                }
            };
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed request: {}", LogText.escape(e.getMessage()));
            return null;
        }
    }

    private String sim(String imsi, int maxChal) {
        if (maxChal < 1) {
            LOG.warn("SIM-REQ-AUTH for {}: bad count {} (max_chal must be at least 1)", LogText.escape(imsi), maxChal);
            return "SIM-RESP-AUTH " + imsi + " FAILURE";
        }
        Subscribers.Subscriber s = subscribers.get(imsi);
        if (s == null) {
            LOG.info("SIM-REQ-AUTH for unknown IMSI {}", LogText.escape(imsi));
            return "SIM-RESP-AUTH " + imsi + " FAILURE";
        }
        Milenage m = s.milenage();
        StringBuilder sb = new StringBuilder("SIM-RESP-AUTH ").append(imsi);
        for (int i = 0; i < Math.min(maxChal, MAX_TRIPLETS); i++) {
            byte[] rand = new byte[16];
            random.nextBytes(rand);
            Milenage.Output o = m.f2345(rand);
            byte[] sres = GsmContext.c2(o.res());
            byte[] kc = GsmContext.c3(o.ck(), o.ik());
            sb.append(' ').append(HEX.formatHex(kc)).append(':').append(HEX.formatHex(sres)).append(':').append(HEX.formatHex(rand));
        }
        LOG.info("GSM triplets for {}", imsi);
        return sb.toString();
    }

    private String aka(String imsi) {
        Subscribers.Subscriber s = subscribers.get(imsi);
        if (s == null) {
            LOG.info("AKA-REQ-AUTH for unknown IMSI {}", LogText.escape(imsi));
            return "AKA-RESP-AUTH " + imsi + " FAILURE";
        }
        long sqn = (s.sqn() + SQN_STEP) & ((1L << 48) - 1);
        try {
            subscribers.setSqn(s, sqn); // stored before the vector leaves: never reused, even after a crash
        } catch (IOException e) {
            LOG.error("cannot store the SQN of {}: {}", imsi, e.getMessage());
            return "AKA-RESP-AUTH " + imsi + " FAILURE";
        }
        byte[] rand = new byte[16];
        random.nextBytes(rand);
        Milenage m = s.milenage();
        byte[] sqnBytes = sqn48(sqn);
        byte[] mac = m.f1(rand, sqnBytes, s.amf);
        Milenage.Output o = m.f2345(rand);
        byte[] autn = new byte[16];
        for (int i = 0; i < 6; i++) {
            autn[i] = (byte) (sqnBytes[i] ^ o.ak()[i]);
        }
        System.arraycopy(s.amf, 0, autn, 6, 2);
        System.arraycopy(mac, 0, autn, 8, 8);
        LOG.info("UMTS vector for {} (SQN {})", imsi, Long.toHexString(sqn));
        return "AKA-RESP-AUTH " + imsi + " " + HEX.formatHex(rand) + " " + HEX.formatHex(autn) + " " + HEX.formatHex(o.ik()) + " "
                + HEX.formatHex(o.ck()) + " " + HEX.formatHex(o.res());
    }

    private void auts(String imsi, byte[] auts, byte[] rand) {
        Subscribers.Subscriber s = subscribers.get(imsi);
        if (s == null || auts.length != 14 || rand.length != 16) {
            LOG.warn("AKA-AUTS for {} refused (unknown subscriber or bad lengths)", LogText.escape(imsi));
            return;
        }
        Milenage m = s.milenage();
        byte[] akStar = m.f5star(rand);
        byte[] sqnMs = new byte[6];
        for (int i = 0; i < 6; i++) {
            sqnMs[i] = (byte) (auts[i] ^ akStar[i]);
        }
        byte[] macS = m.f1star(rand, sqnMs, new byte[2]);
        if (!MessageDigest.isEqual(macS, Arrays.copyOfRange(auts, 6, 14))) {
            LOG.warn("AKA-AUTS for {}: MAC-S does not verify (wrong K, or not this subscriber's card)", imsi);
            return;
        }
        long ms = 0;
        for (byte b : sqnMs) {
            ms = (ms << 8) | (b & 0xFF);
        }
        try {
            subscribers.setSqn(s, ms);
            LOG.info("re-synchronised {} to the card's SQN {}", imsi, Long.toHexString(ms));
        } catch (IOException e) {
            LOG.error("cannot store the SQN of {}: {}", imsi, e.getMessage());
        }
    }

    static byte[] sqn48(long sqn) {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) sqn;
            sqn >>>= 8;
        }
        return b;
    }
}
