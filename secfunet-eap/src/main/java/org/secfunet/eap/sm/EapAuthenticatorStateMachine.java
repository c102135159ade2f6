package org.secfunet.eap.sm;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.secfunet.eap.packet.EapType;

/**
 * The EAP full authenticator of RFC 4137 §7: the standalone authenticator of §5 plus the
 * pass-through states (suffix 2 and AAA_*) used when the policy decides PASSTHROUGH. State,
 * variable and procedure names are the RFC's. Retransmission (retransWhile) runs on the injected
 * clock; the lower layer calls {@link #tick()} to let time pass.
 */
public final class EapAuthenticatorStateMachine extends AbstractAuthenticatorStateMachine<EapAuthenticatorStateMachine.State> {
    /** RFC 4137 §5.3 and §7.3 states. */
    public enum State {
        DISABLED, INITIALIZE, IDLE, RETRANSMIT, RECEIVED, NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE,
        PROPOSE_METHOD, METHOD_REQUEST, DISCARD, SEND_REQUEST, TIMEOUT_FAILURE, FAILURE, SUCCESS,
        INITIALIZE_PASSTHROUGH, IDLE2, RETRANSMIT2, RECEIVED2, AAA_REQUEST, AAA_IDLE, AAA_RESPONSE, SEND_REQUEST2,
        DISCARD2, TIMEOUT_FAILURE2, FAILURE2, SUCCESS2
    }

    /**
     * What the machine asks of the lower layer after a step: send eapReqData (a request, or the final
     * Success/Failure), nothing (eapNoReq), a timeout, or — in pass-through — to send aaaEapRespData to the AAA server.
     */
    public record Output(byte[] eapReqData, boolean eapNoReq, boolean eapSuccess, boolean eapFail, boolean eapTimeout,
                         byte[] aaaEapRespData) {
    }

    private final Timeouts timeouts;
    // lower layer ↔ authenticator (§5.1.1, §5.1.2; portEnabled and eapRestart are the port's, eapKeyData the superclass's)
    private boolean eapResp;
    private byte[] eapRespData;
    private final Countdown retransWhile;
    private boolean eapReq;
    private boolean eapNoReq;
    private boolean eapSuccess;
    private boolean eapFail;
    private boolean eapTimeout;
    private byte[] eapReqData;
    private boolean eapKeyAvailable;
    // local (§5.1.3, §5.1.4; currentId, decision, the parsed response and ignore are the superclass's)
    private int retransCount;
    private byte[] lastReqData;
    private int methodTimeout;
    // AAA interface (§7.1)
    private boolean aaaEapReq;
    private boolean aaaEapNoReq;
    private boolean aaaSuccess;
    private boolean aaaFail;
    private byte[] aaaEapReqData;
    private byte[] aaaEapKeyData;
    private boolean aaaEapKeyAvailable;
    private int aaaMethodTimeout;
    private boolean aaaEapResp;
    private byte[] aaaEapRespData;
    private byte[] aaaIdentity;
    private boolean aaaTimeout;

    public EapAuthenticatorStateMachine(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods,
                                        Timeouts timeouts, Clock clock) {
        this(policy, methods, timeouts, clock, DEFAULT_MAX_ROUNDS);
    }

    /** As above, failing by itself after {@code maxRounds} responses in one authentication (see {@link AbstractStateMachine}). */
    public EapAuthenticatorStateMachine(EapPolicy policy, Map<Integer, Supplier<EapAuthenticatorMethod>> methods,
                                        Timeouts timeouts, Clock clock, int maxRounds) {
        super(State.DISABLED, new Port<>(State.DISABLED, State.INITIALIZE), new MethodSlot(policy, methods), State.FAILURE, maxRounds);
        this.timeouts = timeouts;
        this.retransWhile = new Countdown(clock);
    }

    /** portEnabled := TRUE: starts the conversation; the first request (or a decision) comes out. */
    public Output enable() {
        port.portEnabled = true;
        return runAndCollect();
    }

    public Output restart() {
        port.eapRestart = true;
        return runAndCollect();
    }

    /** A response arrived from the peer. */
    public Output receive(byte[] packet) {
        eapResp = true;
        eapRespData = packet.clone();
        return runAndCollect();
    }

    /** Lets time pass: retransmission or timeout. */
    public Output tick() {
        return runAndCollect();
    }

    /** The AAA server answered with a request for the peer (aaaEapReq). */
    public Output aaaRequest(byte[] eapPacket, int methodTimeoutSeconds) {
        aaaEapReq = true;
        aaaEapReqData = eapPacket.clone();
        aaaMethodTimeout = methodTimeoutSeconds;
        return runAndCollect();
    }

    /** The AAA server accepted: aaaSuccess with the EAP-Success for the peer and the key. */
    public Output aaaAccept(byte[] eapSuccessPacket, byte[] keyData) {
        aaaSuccess = true;
        aaaEapReqData = eapSuccessPacket.clone();
        aaaEapKeyData = keyData == null ? null : keyData.clone();
        aaaEapKeyAvailable = keyData != null;
        return runAndCollect();
    }

    /** The AAA server rejected: aaaFail with the EAP-Failure for the peer. */
    public Output aaaReject(byte[] eapFailurePacket) {
        aaaFail = true;
        aaaEapReqData = eapFailurePacket.clone();
        return runAndCollect();
    }

    /** The AAA server wants the last response ignored (aaaEapNoReq). */
    public Output aaaNoRequest() {
        aaaEapNoReq = true;
        return runAndCollect();
    }

    /** The AAA server did not answer (aaaTimeout). */
    public Output aaaTimeout() {
        aaaTimeout = true;
        return runAndCollect();
    }

    private Output runAndCollect() {
        run();
        Output o = new Output(eapReq || eapSuccess || eapFail ? copy(eapReqData) : null, eapNoReq, eapSuccess, eapFail, eapTimeout,
                aaaEapResp ? copy(aaaEapRespData) : null);
        eapReq = false;
        eapNoReq = false;
        aaaEapResp = false;
        return o;
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    @Override
    protected State transition() {
        return switch (state) {
            case DISABLED -> State.INITIALIZE;
            case INITIALIZE -> State.SELECT_ACTION;
            case IDLE -> {
                if (retransWhile.expired()) {
                    yield State.RETRANSMIT;
                }
                yield eapResp ? State.RECEIVED : null;
            }
            case RETRANSMIT -> retransCount > timeouts.maxRetrans() ? State.TIMEOUT_FAILURE : State.IDLE;
            case RECEIVED, NAK, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD, METHOD_REQUEST, DISCARD, SEND_REQUEST ->
                    methodStateTransition();
            case SELECT_ACTION -> switch (decision) {
                case FAILURE -> State.FAILURE;
                case SUCCESS -> State.SUCCESS;
                case PASSTHROUGH -> State.INITIALIZE_PASSTHROUGH;
                case CONTINUE -> State.PROPOSE_METHOD;
            };
            case INITIALIZE_PASSTHROUGH -> currentId != NONE ? State.AAA_REQUEST : State.AAA_IDLE;
            case IDLE2 -> {
                if (retransWhile.expired()) {
                    yield State.RETRANSMIT2;
                }
                yield eapResp ? State.RECEIVED2 : null;
            }
            case RETRANSMIT2 -> retransCount > timeouts.maxRetrans() ? State.TIMEOUT_FAILURE2 : State.IDLE2;
            case RECEIVED2 -> resp.rxResp() && resp.respId() == currentId ? State.AAA_REQUEST : State.DISCARD2;
            case AAA_REQUEST -> State.AAA_IDLE;
            case AAA_IDLE -> {
                if (aaaEapNoReq) {
                    yield State.DISCARD2;
                }
                if (aaaEapReq) {
                    yield State.AAA_RESPONSE;
                }
                if (aaaTimeout) {
                    yield State.TIMEOUT_FAILURE2;
                }
                if (aaaFail) {
                    yield State.FAILURE2;
                }
                yield aaaSuccess ? State.SUCCESS2 : null;
            }
            case AAA_RESPONSE -> State.SEND_REQUEST2;
            case DISCARD2, SEND_REQUEST2 -> State.IDLE2;
            case TIMEOUT_FAILURE, FAILURE, SUCCESS, TIMEOUT_FAILURE2, FAILURE2, SUCCESS2 -> null;
        };
    }

    @Override
    protected void enter(State s) {
        switch (s) {
            case DISABLED -> { }
            case INITIALIZE -> {
                resetRounds(); // the round cap's counter (see AbstractStateMachine)
                currentId = NONE;
                eapSuccess = false;
                eapFail = false;
                eapTimeout = false;
                eapKeyData = null;
                eapKeyAvailable = false;
                port.eapRestart = false;
                // RFC 4137 §5.3 INITIALIZE does not reset currentMethod, methodState and m, nor
                // stop retransWhile; we do, so that after eapRestart nothing of the previous
                // conversation (a method half done, a pending retransmission) leaks into the new one.
                slot.clear();
                retransWhile.clear();
            }
            // RFC 4137 §5.3 calculateTimeout() also takes eapSRTT and eapRTTVAR; we keep no round-trip
            // estimates (the lower layers here are local), so the timeout is the method's or a doubling backoff (Timeouts).
            case IDLE, IDLE2 -> retransWhile.set(timeouts.calculateTimeout(retransCount, methodTimeout));
            case RETRANSMIT, RETRANSMIT2 -> {
                retransCount++;
                if (retransCount <= timeouts.maxRetrans()) {
                    eapReqData = lastReqData;
                    eapReq = true;
                }
            }
            case RECEIVED, RECEIVED2 -> enterReceived(eapRespData);
            case NAK, SELECT_ACTION, INTEGRITY_CHECK, METHOD_RESPONSE, PROPOSE_METHOD -> enterMethodState(s);
            case METHOD_REQUEST -> {
                eapReqData = methodRequest();
                methodTimeout = slot.timeout();
            }
            case DISCARD, DISCARD2 -> {
                eapResp = false;
                eapNoReq = true;
            }
            case SEND_REQUEST, SEND_REQUEST2 -> {
                retransCount = 0;
                lastReqData = eapReqData;
                eapResp = false;
                eapReq = true;
            }
            case TIMEOUT_FAILURE, TIMEOUT_FAILURE2 -> eapTimeout = true;
            case FAILURE -> {
                eapReqData = buildFailure();
                eapFail = true;
            }
            case SUCCESS -> {
                eapReqData = buildSuccess();
                if (eapKeyData != null) {
                    eapKeyAvailable = true;
                }
                eapSuccess = true;
            }
            case INITIALIZE_PASSTHROUGH -> aaaEapRespData = null;
            case AAA_REQUEST -> {
                if (resp.respMethod() == EapType.IDENTITY) {
                    aaaIdentity = eapRespData;
                }
                aaaEapRespData = eapRespData;
            }
            case AAA_IDLE -> {
                aaaFail = false;
                aaaSuccess = false;
                aaaEapReq = false;
                aaaEapNoReq = false;
                // RFC 4137 §7.3 AAA_IDLE does not clear aaaTimeout; we do, as the other AAA
                // indications, so a timeout of an earlier exchange does not fail this one.
                aaaTimeout = false;
                aaaEapResp = true;
            }
            case AAA_RESPONSE -> {
                eapReqData = aaaEapReqData;
                currentId = getId(eapReqData);
                methodTimeout = aaaMethodTimeout;
            }
            case FAILURE2 -> {
                eapReqData = aaaEapReqData;
                eapFail = true;
            }
            case SUCCESS2 -> {
                eapReqData = aaaEapReqData;
                eapKeyData = aaaEapKeyData;
                eapKeyAvailable = aaaEapKeyAvailable;
                eapSuccess = true;
            }
            default -> throw new IllegalStateException("unknown state " + s);
        }
    }

    private static int getId(byte[] packet) {
        return packet != null && packet.length >= 2 ? packet[1] & 0xFF : NONE;
    }

    public boolean eapKeyAvailable() {
        return eapKeyAvailable;
    }

    public byte[] eapKeyData() {
        return eapKeyAvailable && eapKeyData != null ? eapKeyData.clone() : null;
    }

    /** The Identity response relayed to the AAA server (pass-through), or null. */
    public byte[] aaaIdentity() {
        return aaaIdentity == null ? null : aaaIdentity.clone();
    }

    public int currentMethod() {
        return slot.currentMethod;
    }

    public int retransCount() {
        return retransCount;
    }
}
