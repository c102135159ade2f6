package org.secfunet.radius.packet;

/**
 * Bytes that are not a well-formed RADIUS packet, attribute or MS-MPPE key; the message says what
 * is wrong. Unchecked: a server drops the datagram, a client treats it like no answer.
 */
public final class RadiusFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RadiusFormatException(String message) {
        super(message);
    }
}
