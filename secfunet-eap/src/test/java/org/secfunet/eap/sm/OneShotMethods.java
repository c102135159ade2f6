package org.secfunet.eap.sm;

import org.secfunet.eap.packet.EapPacket;

/** Minimal methods for scripted conversations: one request, one response, then a verdict. */
final class OneShotMethods {
    private OneShotMethods() {
    }

    /** Peer side: answers any request of its type with "ok" and is done. */
    static final class Peer implements EapPeerMethod {
        private final int type;
        private final PeerDecision verdict;

        Peer(int type, PeerDecision verdict) {
            this.type = type;
            this.verdict = verdict;
        }

        public int type() {
            return type;
        }

        public Outcome process(EapPacket req) {
            return new Outcome(PeerMethodState.DONE, verdict, true);
        }

        public EapPacket buildResp(int reqId) {
            return EapPacket.response(reqId, type, "ok".getBytes());
        }

        public boolean isKeyAvailable() {
            return verdict != PeerDecision.FAIL;
        }

        public byte[] getKey() {
            return new byte[] {1, 2, 3};
        }
    }

    /** Authenticator side: sends one request, succeeds when the answer is "ok". */
    static final class Server implements EapAuthenticatorMethod {
        private final int type;
        private final int timeout;
        private boolean done;
        private boolean ok;
        int resets;

        Server(int type, int timeout) {
            this.type = type;
            this.timeout = timeout;
        }

        public int type() {
            return type;
        }

        public void init() {
            done = false;
        }

        public void reset() {
            resets++;
        }

        public EapPacket buildReq(int id) {
            return EapPacket.request(id, type, "challenge".getBytes());
        }

        public int getTimeout() {
            return timeout;
        }

        public void process(EapPacket resp) {
            ok = new String(resp.typeData()).equals("ok");
            done = true;
        }

        public boolean isDone() {
            return done;
        }

        public boolean isSuccess() {
            return ok;
        }

        public byte[] getKey() {
            return ok ? new byte[] {9} : null;
        }
    }
}
