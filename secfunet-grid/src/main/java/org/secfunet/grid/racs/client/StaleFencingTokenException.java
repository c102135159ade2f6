package org.secfunet.grid.racs.client;

import org.secfunet.pcsc.FencingRefusedException;

/**
 * The RACS server refused a command because this client's fencing token is stale: a newer holder
 * of the SE's grid lock has presented a newer token (docs/racs.md, "Fencing tokens"). Nothing of
 * the refused command reached the card; the session's hold of the SE is over for good, so retrying
 * with the same token cannot succeed: take the lock again. Services that cannot see the grid
 * (radius_server) catch it as the pcsc {@link FencingRefusedException}.
 */
public final class StaleFencingTokenException extends FencingRefusedException {
    private static final long serialVersionUID = 1L;
    private final String seid;
    private final long token;
    private final long newest;
    private final String status;

    StaleFencingTokenException(String seid, long token, long newest, RacsReply.Status status) {
        this(seid, token, newest, status.toString());
    }

    private StaleFencingTokenException(String seid, long token, long newest, String status) {
        super("the grid lock for SE " + seid + " was taken over by a newer holder (fencing token " + token + " < " + newest + ") (RACS " + status
                + ")");
        this.seid = seid;
        this.token = token;
        this.newest = newest;
        this.status = status;
    }

    /** The same refusal, thrown again for a later command of the fenced session (not sent). */
    StaleFencingTokenException again() {
        return new StaleFencingTokenException(seid, token, newest, status);
    }

    public String seid() {
        return seid;
    }

    /** The token this client's session held or presented. */
    public long token() {
        return token;
    }

    /** The newest token the server had seen for the SE. */
    public long newest() {
        return newest;
    }
}
