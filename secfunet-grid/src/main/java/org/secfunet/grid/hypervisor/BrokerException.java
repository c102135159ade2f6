package org.secfunet.grid.hypervisor;

/** A request the broker could not serve; {@link #reply()} is what the VM is told. */
public final class BrokerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient VmReply reply;

    BrokerException(VmReply reply) {
        super(reply.line());
        this.reply = reply;
    }

    static BrokerException err(String code, String why) {
        return new BrokerException(VmReply.err(code, why));
    }

    public VmReply reply() {
        return reply;
    }
}
