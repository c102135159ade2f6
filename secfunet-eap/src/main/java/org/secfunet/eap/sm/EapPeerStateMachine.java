package org.secfunet.eap.sm;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapCode;
import org.secfunet.eap.packet.EapFormatException;
import org.secfunet.eap.packet.EapPacket;
import org.secfunet.eap.packet.EapPayload;
import org.secfunet.eap.packet.EapType;

/**
 * The EAP peer state machine of RFC 4137 §4, with the RFC's state, variable and procedure names.
 * The lower layer sets eapReq/eapReqData (see {@link #receive}) and reads eapResp/eapRespData,
 * eapNoResp, eapSuccess, eapFail; idleWhile runs on the injected clock.
 */
public final class EapPeerStateMachine extends AbstractStateMachine<EapPeerStateMachine.State> {
    /** RFC 4137 §4.3 states. */
    public enum State {
        DISABLED, INITIALIZE, IDLE, RECEIVED, GET_METHOD, METHOD, SEND_RESPONSE, DISCARD, IDENTITY,
        NOTIFICATION, RETRANSMIT, SUCCESS, FAILURE
    }

    /** What one step of the lower layer produced. */
    public record Output(byte[] eapRespData, boolean eapNoResp, boolean eapSuccess, boolean eapFail) {
    }

    private static final int NONE = -1;

    private final Duration clientTimeout;
    private final String identity;
    private final Map<Integer, Supplier<EapPeerMethod>> methods;
    private final Consumer<String> notifications;

    // lower layer → peer (§4.1.1; portEnabled and eapRestart are the port's)
    private boolean eapReq;
    private byte[] eapReqData;
    private final Countdown idleWhile;
    private boolean altAccept;
    private boolean altReject;
    // peer → lower layer (§4.1.2)
    private boolean eapResp;
    private boolean eapNoResp;
    private boolean eapSuccess;
    private boolean eapFail;
    private byte[] eapRespData;
    private byte[] eapKeyData;
    private boolean eapKeyAvailable;
    // local (§4.1.3)
    private int selectedMethod = NONE;
    private PeerMethodState methodState = PeerMethodState.NONE;
    private int lastId = NONE;
    private byte[] lastRespData;
    private PeerDecision decision = PeerDecision.FAIL;
    private boolean allowNotifications = true;
    private EapPeerMethod m;
    // parsed (§4.1.4)
    private boolean rxReq;
    private boolean rxSuccess;
    private boolean rxFailure;
    private int reqId = NONE;
    private int reqMethod = NONE;
    private EapPacket parsed;
    private boolean ignore;

    /**
     * @param identity      the identity sent in Response/Identity
     * @param methods       the methods this peer allows, by EAP type (a fresh instance per authentication)
     * @param clientTimeout ClientTimeout: how long to wait for the next request before giving up
     * @param notifications receives Notification texts (processNotify)
     */
    public EapPeerStateMachine(String identity, Map<Integer, Supplier<EapPeerMethod>> methods, Duration clientTimeout,
                               Clock clock, Consumer<String> notifications) {
        this(identity, methods, clientTimeout, clock, notifications, DEFAULT_MAX_ROUNDS);
    }

    /** As above, failing by itself after {@code maxRounds} requests in one authentication (see {@link AbstractStateMachine}). */
    public EapPeerStateMachine(String identity, Map<Integer, Supplier<EapPeerMethod>> methods, Duration clientTimeout,
                               Clock clock, Consumer<String> notifications, int maxRounds) {
        super(State.DISABLED, new Port<>(State.DISABLED, State.INITIALIZE), State.FAILURE, maxRounds);
        this.identity = identity;
        this.methods = Map.copyOf(methods);
        this.clientTimeout = clientTimeout;
        this.idleWhile = new Countdown(clock);
        this.notifications = notifications == null ? s -> { } : notifications;
    }

    /** portEnabled := TRUE (the lower layer is up); runs the machine to IDLE. */
    public void enable() {
        port.portEnabled = true;
        run();
    }

    /** eapRestart := TRUE: start a new authentication. */
    public void restart() {
        port.eapRestart = true;
        run();
    }

    /** A request, Success or Failure arrived: eapReq := TRUE with eapReqData. */
    public Output receive(byte[] packet) {
        eapReq = true;
        eapReqData = packet.clone();
        run();
        return output();
    }

    /** Lets time pass: evaluates idleWhile. */
    public Output tick() {
        run();
        return output();
    }

    /** altAccept / altReject from a lower layer that learned the result another way. */
    public Output alternateIndication(boolean accept) {
        if (accept) {
            altAccept = true;
        } else {
            altReject = true;
        }
        run();
        return output();
    }

    private Output output() {
        Output o = new Output(eapResp ? eapRespData.clone() : null, eapNoResp, eapSuccess, eapFail);
        eapResp = false;
        eapNoResp = false;
        return o;
    }

    @Override
    protected State transition() {
        return switch (state) {
            case DISABLED -> State.INITIALIZE;
            case INITIALIZE -> State.IDLE;
            case IDLE -> {
                if (eapReq) {
                    yield State.RECEIVED;
                }
                if ((altAccept && decision != PeerDecision.FAIL) || (idleWhile.expired() && decision == PeerDecision.UNCOND_SUCC)) {
                    yield State.SUCCESS;
                }
                if (altReject || (idleWhile.expired() && decision != PeerDecision.UNCOND_SUCC)
                        || (altAccept && methodState != PeerMethodState.CONT && decision == PeerDecision.FAIL)) {
                    yield State.FAILURE;
                }
                yield null;
            }
            case RECEIVED -> {
                if (rxReq && reqId != lastId && reqMethod == selectedMethod && methodState != PeerMethodState.DONE) {
                    yield State.METHOD;
                }
                if (rxReq && reqId != lastId && selectedMethod == NONE && reqMethod != EapType.IDENTITY && reqMethod != EapType.NOTIFICATION) {
                    yield State.GET_METHOD;
                }
                if (rxReq && reqId != lastId && selectedMethod == NONE && reqMethod == EapType.IDENTITY) {
                    yield State.IDENTITY;
                }
                if (rxReq && reqId != lastId && reqMethod == EapType.NOTIFICATION && allowNotifications) {
                    yield State.NOTIFICATION;
                }
                if (rxReq && reqId == lastId) {
                    yield State.RETRANSMIT;
                }
                if (rxSuccess && reqId == lastId && decision != PeerDecision.FAIL) {
                    yield State.SUCCESS;
                }
                if (methodState != PeerMethodState.CONT
                        && ((rxFailure && decision != PeerDecision.UNCOND_SUCC) || (rxSuccess && decision == PeerDecision.FAIL))
                        && reqId == lastId) {
                    yield State.FAILURE;
                }
                yield State.DISCARD;
            }
            case METHOD -> {
                if (ignore) {
                    yield State.DISCARD;
                }
                if (methodState == PeerMethodState.DONE && decision == PeerDecision.FAIL) {
                    yield State.FAILURE;
                }
                yield State.SEND_RESPONSE;
            }
            case GET_METHOD -> selectedMethod == reqMethod ? State.METHOD : State.SEND_RESPONSE;
            case IDENTITY, NOTIFICATION, RETRANSMIT -> State.SEND_RESPONSE;
            case DISCARD, SEND_RESPONSE -> State.IDLE;
            case SUCCESS, FAILURE -> null;
        };
    }

    @Override
    protected void enter(State s) {
        switch (s) {
            case DISABLED -> { }
            case INITIALIZE -> {
                resetRounds(); // the round cap's counter (see AbstractStateMachine)
                selectedMethod = NONE;
                methodState = PeerMethodState.NONE;
                allowNotifications = true;
                decision = PeerDecision.FAIL;
                idleWhile.set(clientTimeout);
                lastId = NONE;
                eapSuccess = false;
                eapFail = false;
                eapKeyData = null;
                eapKeyAvailable = false;
                port.eapRestart = false;
                // RFC 4137 §4.3 INITIALIZE leaves altAccept, altReject and the method object alone;
                // we clear them because they belong to the authentication that ended: a stale
                // altAccept/altReject would end the new one at its first IDLE.
                altAccept = false;
                altReject = false;
                m = null;
            }
            case IDLE -> { }
            case RECEIVED -> {
                countRound(); // one more round: the round cap (see AbstractStateMachine)
                parseEapReq(eapReqData);
            }
            case METHOD -> {
                ignore = m.check(parsed);
                if (!ignore) {
                    EapPeerMethod.Outcome o = m.process(parsed);
                    methodState = o.methodState();
                    decision = o.decision();
                    allowNotifications = o.allowNotifications();
                    eapRespData = m.buildResp(reqId).encode();
                    if (m.isKeyAvailable()) {
                        eapKeyData = m.getKey();
                    }
                }
            }
            case GET_METHOD -> {
                if (allowMethod(reqMethod)) {
                    selectedMethod = reqMethod;
                    methodState = PeerMethodState.INIT;
                    m = methods.get(reqMethod).get();
                } else {
                    eapRespData = buildNak(reqId);
                }
            }
            case IDENTITY -> {
                processIdentity(parsed);
                eapRespData = buildIdentity(reqId);
            }
            case NOTIFICATION -> {
                processNotify(parsed);
                eapRespData = buildNotify(reqId);
            }
            case RETRANSMIT -> eapRespData = lastRespData;
            case DISCARD -> {
                eapReq = false;
                eapNoResp = true;
            }
            case SEND_RESPONSE -> {
                lastId = reqId;
                lastRespData = eapRespData;
                eapReq = false;
                eapResp = true;
                idleWhile.set(clientTimeout);
            }
            case SUCCESS -> {
                // RFC 4137 §4.3 SUCCESS and FAILURE do not clear eapReq; we do, as hostap's peer
                // does, so the Success/Failure that led here is not taken for a new request when
                // eapRestart starts the next authentication.
                eapReq = false;
                if (eapKeyData != null) {
                    eapKeyAvailable = true;
                }
                eapSuccess = true;
            }
            case FAILURE -> {
                eapReq = false; // not in RFC 4137 §4.3: see SUCCESS
                eapFail = true;
            }
            default -> throw new IllegalStateException("unknown state " + s);
        }
    }

    /** parseEapReq(): malformed packets parse as nothing (they are then discarded). */
    private void parseEapReq(byte[] data) {
        rxReq = false;
        rxSuccess = false;
        rxFailure = false;
        reqId = NONE;
        reqMethod = NONE;
        parsed = null;
        try {
            EapPacket p = EapPacket.parse(data);
            parsed = p;
            reqId = p.identifier();
            rxReq = p.code() == EapCode.REQUEST;
            rxSuccess = p.code() == EapCode.SUCCESS;
            rxFailure = p.code() == EapCode.FAILURE;
            reqMethod = rxReq ? p.type() : NONE;
        } catch (EapFormatException e) {
            // ignored: falls through to DISCARD
        }
    }

    private boolean allowMethod(int type) {
        return methods.containsKey(type);
    }

    private byte[] buildNak(int id) {
        List<Integer> desired = new ArrayList<>(methods.keySet());
        desired.removeIf(t -> t > 253);
        if (desired.isEmpty()) {
            desired.add(0);
        }
        return EapPacket.response(id, EapType.NAK, new EapPayload.Nak(desired).encode()).encode();
    }

    private void processIdentity(EapPacket req) {
        // a displayable message may accompany the request; nothing to do with it here
    }

    private byte[] buildIdentity(int id) {
        return EapPacket.response(id, EapType.IDENTITY, identity.getBytes(StandardCharsets.UTF_8)).encode();
    }

    private void processNotify(EapPacket req) {
        notifications.accept(new String(req.typeData(), StandardCharsets.UTF_8));
    }

    private byte[] buildNotify(int id) {
        return EapPacket.response(id, EapType.NOTIFICATION, new byte[0]).encode();
    }

    public boolean eapSuccess() {
        return eapSuccess;
    }

    public boolean eapFail() {
        return eapFail;
    }

    public boolean eapKeyAvailable() {
        return eapKeyAvailable;
    }

    /** The key material (MSK ‖ EMSK) once eapKeyAvailable. */
    public byte[] eapKeyData() {
        return eapKeyAvailable && eapKeyData != null ? eapKeyData.clone() : null;
    }

    public PeerDecision decision() {
        return decision;
    }

    public int selectedMethod() {
        return selectedMethod;
    }
}
