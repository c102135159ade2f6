package org.secfunet.grid.vm;

import org.secfunet.grid.hypervisor.VmReply;

/** s_hypervisor said BUSY or ERR; {@link #reply()} has the code and, for BUSY, the retry hint. */
public final class VmRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient VmReply reply;

    VmRefusedException(VmReply reply) {
        super(reply.kind() == VmReply.Kind.BUSY
                ? "s_hypervisor is busy (" + reply.text() + "); retry after " + reply.fields().get("retry_after_ms") + " ms"
                : "s_hypervisor refused (" + reply.code() + "): " + reply.text());
        this.reply = reply;
    }

    public VmReply reply() {
        return reply;
    }

    public boolean busy() {
        return reply.kind() == VmReply.Kind.BUSY;
    }

    /** The server's retry hint for BUSY, else -1. */
    public long retryAfterMillis() {
        String v = reply.fields().get("retry_after_ms");
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
