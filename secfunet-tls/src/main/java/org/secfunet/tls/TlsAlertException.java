package org.secfunet.tls;

import java.io.IOException;

/** A TLS alert was received or had to be sent; the message names it. */
public final class TlsAlertException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int description;

    public TlsAlertException(String message, int description) {
        super(message);
        this.description = description;
    }

    public int description() {
        return description;
    }
}
