package org.secfunet.pcsc.vpcd;

/** vpcd sent something its protocol does not allow. */
public final class VpcdProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VpcdProtocolException(String message) {
        super(message);
    }
}
