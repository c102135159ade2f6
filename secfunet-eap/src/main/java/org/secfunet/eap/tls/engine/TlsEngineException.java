package org.secfunet.eap.tls.engine;

/** The TLS handshake failed (fatal alert sent or received, peer certificate rejected...). */
public final class TlsEngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
