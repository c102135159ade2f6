package org.secfunet.eap.packet;

/** Bytes that are not a well-formed EAP or EAP-TLS message; the message says what is wrong. */
public final class EapFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EapFormatException(String message) {
        super(message);
    }
}
