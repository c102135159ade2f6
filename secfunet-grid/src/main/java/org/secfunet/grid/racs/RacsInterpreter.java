package org.secfunet.grid.racs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.TransportException;
import org.secfunet.grid.racs.RacsStatus.Kind;
import org.secfunet.grid.racs.client.RacsFencing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs RACS scripts for one TLS session, whose client is known by its certificate CN. Lines run
 * in order and processing stops at the first error; the response holds the status of every line
 * that carries {@code APPEND} and the status of the last line run. Closing releases (and powers
 * off) every SE the session holds.
 *
 * <p>Choices where the draft leaves room: RESET powers on an SE that is off (and so locks it);
 * RESET and WARM RESET are both a power cycle of the card session; POWERON and RESET answer the
 * ATR; an APDU on an SE that is off powers it on (and locks it) first. POWERON and RESET take a
 * fencing token ({@code FENCE=n}), checked by the SE's fencing rule ({@link SecureElement}).
 */
public final class RacsInterpreter implements AutoCloseable {
    /** The protocol version spoken (GET-VERSION, the only value SET-VERSION accepts). */
    public static final String VERSION = "0.2";
    /** Cap on one response's text, status lines and their CRLFs. */
    public static final int MAX_RESPONSE_CHARS = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(RacsInterpreter.class);
    private static final int MAX_ECHOED = 64;

    private final SeRegistry registry;
    private final AccessPolicy access;
    private final String cn;
    private final String label;

    public RacsInterpreter(SeRegistry registry, AccessPolicy access, String clientCn) {
        this(registry, access, clientCn, "CN=" + clientCn);
    }

    /** {@code label} names the session in logs. */
    public RacsInterpreter(SeRegistry registry, AccessPolicy access, String clientCn, String label) {
        this.registry = registry;
        this.access = access;
        this.cn = clientCn;
        this.label = label;
    }

    public String clientCn() {
        return cn;
    }

    /** The session's label, as logs name it. */
    @Override
    public String toString() {
        return label;
    }

    /** Runs a script; never throws for anything the script or the cards do. */
    public RacsResponse run(RacsScript script) {
        List<RacsStatus> out = new ArrayList<>();
        int chars = 0;
        RacsStatus last = null;
        boolean lastAppended = false;
        List<RacsLine> lines = script.lines();
        for (int i = 0; i < lines.size() - 1; i++) {
            RacsLine line = lines.get(i);
            RacsStatus st = execute(line, i == 0);
            int size = st.format().length() + 2;
            if (chars + size > MAX_RESPONSE_CHARS - 64) {
                st = RacsStatus.error(Kind.SYSTEM, line.keyword(), line.number(), "response longer than " + MAX_RESPONSE_CHARS + " characters");
                size = st.format().length() + 2;
            }
            if (!st.success() && st.kind() != Kind.EXECUTION) {
                LOG.info("{}: line {} {} refused: {} {}", label, line.number(), logKeyword(line), st.code(), st.parameters());
            }
            if (line.append()) {
                out.add(st);
                chars += size;
            }
            last = st;
            lastAppended = line.append();
            if (!st.success()) {
                break;
            }
        }
        if (last != null && !lastAppended) {
            out.add(last);
        }
        return new RacsResponse(script.echoedId(), out);
    }

    /** Releases and powers off every SE this session holds. */
    @Override
    public void close() {
        int n = registry.releaseAll(this);
        if (n > 0) {
            LOG.info("{}: released {} SE(s) at session end", label, n);
        }
    }

    private RacsStatus execute(RacsLine line, boolean first) {
        int n = line.number();
        if (line.problem() != null) {
            return RacsStatus.error(Kind.SYNTAX, line.keyword(), n, line.problem());
        }
        var command = RacsCommand.byKeyword(line.keyword());
        if (command.isEmpty()) {
            return RacsStatus.error(Kind.UNKNOWN_COMMAND, (RacsCommand) null, n, "unknown command " + shorten(line.keyword()));
        }
        RacsCommand c = command.get();
        List<String> p = line.parameters();
        try {
            return switch (c) {
                case BEGIN -> begin(p, n, first);
                case GET_VERSION -> {
                    requireCount(c, n, p, 0, 0, "GET-VERSION takes no parameter");
                    yield RacsStatus.ok(c, n, VERSION);
                }
                case SET_VERSION -> setVersion(p, n);
                case LIST -> {
                    requireCount(c, n, p, 0, 0, "LIST takes no parameter");
                    yield RacsStatus.ok(c, n, String.join(" ", access.list(cn)));
                }
                case RESET -> reset(p, n);
                case POWERON -> powerOn(p, n);
                case SHUTDOWN -> shutdown(p, n);
                case APDU -> apdu(p, n);
                case ECHO -> {
                    requireCount(c, n, p, 1, 1, "ECHO takes one token");
                    yield RacsStatus.ok(c, n, p.get(0));
                }
                case SEN, GET_SEN -> RacsStatus.error(Kind.NOT_IMPLEMENTED, c, n, c.keyword() + " is not implemented");
            };
        } catch (Refusal r) {
            return r.status;
        } catch (SeInUseException e) {
            return RacsStatus.error(Kind.IN_USE, c, n, "SE in use by another session");
        } catch (SeFencedException e) {
            return RacsStatus.error(Kind.UNAUTHORISED, c, n, e.getMessage());
        } catch (TransportException e) {
            String seid = p.isEmpty() ? "" : shorten(p.get(0));
            LOG.warn("{}: line {} {} {}: hardware error, SE powered off and released: {}", label, n, c.keyword(), seid, e.getMessage());
            return RacsStatus.error(Kind.HARDWARE, c, n, "hardware error (card removed or reader unavailable); SE " + seid + " powered off");
        } catch (ApduExchange.LimitException e) {
            return RacsStatus.error(Kind.SYSTEM, c, n, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{}: line {} {} failed", label, n, c.keyword(), e);
            return RacsStatus.error(Kind.SYSTEM, c, n, "system error");
        }
    }

    private RacsStatus begin(List<String> p, int n, boolean first) {
        RacsCommand c = RacsCommand.BEGIN;
        if (!first) {
            return RacsStatus.error(Kind.ILLEGAL, c, n, "BEGIN inside a script");
        }
        requireCount(c, n, p, 0, 1, "BEGIN takes at most one parameter (the script id)");
        if (!p.isEmpty() && p.get(0).length() > RacsScript.MAX_ID) {
            return RacsStatus.error(Kind.BAD_VALUE, c, n, "script id longer than " + RacsScript.MAX_ID + " characters");
        }
        return RacsStatus.ok(c, n, "");
    }

    private RacsStatus setVersion(List<String> p, int n) {
        RacsCommand c = RacsCommand.SET_VERSION;
        requireCount(c, n, p, 1, 1, "SET-VERSION takes one parameter (the version)");
        if (!p.get(0).equals(VERSION)) {
            return RacsStatus.error(Kind.BAD_VALUE, c, n, "version " + shorten(p.get(0)) + " is not supported (" + VERSION + " is)");
        }
        return RacsStatus.ok(c, n, VERSION);
    }

    private RacsStatus reset(List<String> p, int n) {
        RacsCommand c = RacsCommand.RESET;
        String usage = "RESET takes SEID [WARM] [" + RacsFencing.OPTION + "=n]";
        requireCount(c, n, p, 1, 3, usage);
        boolean warm = false;
        long token = RacsFencing.NONE;
        for (String option : p.subList(1, p.size())) {
            if (option.equals("WARM") && !warm) {
                warm = true;
            } else if (option.startsWith(RacsFencing.OPTION + "=") && token == RacsFencing.NONE) {
                token = fence(c, n, option);
            } else {
                throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, usage + ", not " + shorten(option)));
            }
        }
        SecureElement se = authorised(c, n, p.get(0));
        byte[] atr = se.use(this, token, SecureElement.Access::reset);
        LOG.debug("{}: SE {} reset ({})", label, se.seid(), warm ? "warm" : "cold");
        return RacsStatus.ok(c, n, RacsHex.encode(atr));
    }

    private RacsStatus powerOn(List<String> p, int n) {
        RacsCommand c = RacsCommand.POWERON;
        String usage = "POWERON takes SEID [" + RacsFencing.OPTION + "=n]";
        requireCount(c, n, p, 1, 2, usage);
        long token = RacsFencing.NONE;
        if (p.size() == 2) {
            if (!p.get(1).startsWith(RacsFencing.OPTION + "=")) {
                throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, usage + ", not " + shorten(p.get(1))));
            }
            token = fence(c, n, p.get(1));
        }
        SecureElement se = authorised(c, n, p.get(0));
        byte[] atr = se.use(this, token, SecureElement.Access::powerOn);
        return RacsStatus.ok(c, n, RacsHex.encode(atr));
    }

    /**
     * The token of a {@code FENCE=n} option: n in decimal without sign or leading zero (else a
     * syntax error), 1..2^63-1 (else a bad value).
     */
    private static long fence(RacsCommand c, int n, String option) {
        String value = option.substring(RacsFencing.OPTION.length() + 1);
        String range = RacsFencing.OPTION + "= is a decimal number 1.." + RacsFencing.MAX;
        if (value.isEmpty() || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9') || (value.length() > 1 && value.charAt(0) == '0')) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, range + " without sign or leading zero, not " + shorten(value)));
        }
        long token;
        try {
            token = value.length() > 19 ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            token = -1; // 19 digits above 2^63-1
        }
        if (token < 1) {
            throw new Refusal(RacsStatus.error(Kind.BAD_VALUE, c, n, range + ", not " + shorten(value)));
        }
        return token;
    }

    private RacsStatus shutdown(List<String> p, int n) {
        RacsCommand c = RacsCommand.SHUTDOWN;
        requireCount(c, n, p, 1, 1, "SHUTDOWN takes one SEID");
        SecureElement se = authorised(c, n, p.get(0));
        se.use(this, a -> {
            a.powerOff();
            return null;
        });
        return RacsStatus.ok(c, n, "");
    }

    private RacsStatus apdu(List<String> p, int n) {
        RacsCommand c = RacsCommand.APDU;
        requireCount(c, n, p, 2, 5, "APDU takes SEID HEX [CONTINUE=SW] [MORE=SW1] [FETCH=CLAINSP1P2]");
        byte[] command = RacsHex.decodeOrNull(p.get(1));
        if (command == null) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, "the APDU is not an even number of hex digits"));
        }
        if (command.length < 4 || command.length > CommandApdu.MAX_ENCODED_LENGTH) {
            throw new Refusal(RacsStatus.error(Kind.BAD_VALUE, c, n, "an APDU has 4 to " + CommandApdu.MAX_ENCODED_LENGTH + " bytes, not " + command.length));
        }
        byte[] cont = null;
        byte[] more = null;
        byte[] fetch = null;
        for (String option : p.subList(2, p.size())) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? null : option.substring(eq + 1);
            byte[] bytes = value == null ? null : RacsHex.decodeOrNull(value);
            switch (name) {
                case "CONTINUE" -> cont = option(c, n, name, cont, bytes, 2);
                case "MORE" -> more = option(c, n, name, more, bytes, 1);
                case "FETCH" -> fetch = option(c, n, name, fetch, bytes, 4);
                default -> throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, "unknown APDU option " + shorten(name)));
            }
        }
        boolean fetching = more != null;
        ApduExchange.Options options = new ApduExchange.Options(more == null ? -1 : more[0] & 0xFF,
                fetch == null ? ApduExchange.Options.GET_RESPONSE : fetch);
        SecureElement se = authorised(c, n, p.get(0));
        ApduExchange.Result result = se.use(this, a -> {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: APDU to SE {}: header {} ({} bytes)", label, se.seid(), RacsHex.encode(Arrays.copyOf(command, 4)), command.length);
            }
            return switch (ApduGate.pass(a, se.firewall(), command, options, fetching)) {
                case ApduGate.Refused r -> throw new Refusal(RacsStatus.error(r.kind(), c, n, r.why()));
                case ApduGate.Answered r -> r.result();
            };
        });
        String hex = RacsHex.encode(result.response());
        if (cont != null && result.sw() != ((cont[0] & 0xFF) << 8 | (cont[1] & 0xFF))) {
            LOG.debug("{}: line {} APDU to SE {}: SW {} is not the expected {}", label, n, se.seid(),
                    String.format("%04X", result.sw()), RacsHex.encode(cont));
            return RacsStatus.error(Kind.EXECUTION, c, n, hex);
        }
        return RacsStatus.ok(c, n, hex);
    }

    private static byte[] option(RacsCommand c, int n, String name, byte[] previous, byte[] value, int size) {
        if (previous != null) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, name + "= given twice"));
        }
        if (value == null) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, name + "= needs " + size * 2 + " hex digits"));
        }
        if (value.length != size) {
            throw new Refusal(RacsStatus.error(Kind.BAD_VALUE, c, n, name + "= needs " + size * 2 + " hex digits, not " + value.length * 2));
        }
        return value;
    }

    /** The SE, when this client may use it; refusals say so without telling whether it exists. */
    private SecureElement authorised(RacsCommand c, int n, String seid) {
        if (!access.allowed(cn, seid)) {
            throw new Refusal(RacsStatus.error(Kind.UNAUTHORISED, c, n, "not authorised for SEID " + shorten(seid)));
        }
        return registry.find(seid).orElseThrow(() -> new Refusal(RacsStatus.error(Kind.BAD_VALUE, c, n, "unknown SEID " + shorten(seid))));
    }

    private static void requireCount(RacsCommand c, int n, List<String> p, int min, int max, String usage) {
        if (p.size() < min) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, "missing parameter: " + usage));
        }
        if (p.size() > max) {
            throw new Refusal(RacsStatus.error(Kind.SYNTAX, c, n, "too many parameters: " + usage));
        }
    }

    private static String shorten(String s) {
        return s.length() <= MAX_ECHOED ? s : s.substring(0, MAX_ECHOED) + "...";
    }

    private static String logKeyword(RacsLine line) {
        return line.problem() != null ? "(unprintable)" : shorten(line.keyword());
    }

    /** Ends a command early with its status. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RacsStatus status;

        Refusal(RacsStatus status) {
            super(status.format(), null, false, false);
            this.status = status;
        }
    }
}
