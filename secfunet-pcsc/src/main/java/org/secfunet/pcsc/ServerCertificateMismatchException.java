package org.secfunet.pcsc;

/**
 * The card's server presented a leaf certificate (signed by a trusted CA) whose SHA-256
 * fingerprint is not the one the connect expected ({@link ConnectOptions#serverCertSha256()}):
 * another process than the registered server may answer at its address. Nothing was sent to it
 * and the connection is closed. Thrown by the providers that check server certificates
 * ({@link ReaderProvider#checksServerCertificates}).
 */
public class ServerCertificateMismatchException extends ReaderException {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final String expected;
    private final String presented;

    /** {@code where} is the server's host:port; both fingerprints are 64 lower-case hex digits. */
    public ServerCertificateMismatchException(String where, String expected, String presented) {
        super("the server at " + where + " presented a certificate with SHA-256 fingerprint " + presented + ", not the expected " + expected);
        this.where = where;
        this.expected = expected;
        this.presented = presented;
    }

    /**
     * The one line a service on ZooKeeper tells its client and its log when the expected fingerprint
     * is the one RACS server {@code serverName} registered: someone else may answer at its address.
     */
    public String notRegistered(String serverName) {
        return "RACS server '" + serverName + "' at " + where + " presented a certificate that is not the one it registered in ZooKeeper (sha256 "
                + presented + ", registered " + expected + "); another process may hold its address";
    }

    /** The server's host:port. */
    public String where() {
        return where;
    }

    /** The fingerprint the connect expected. */
    public String expected() {
        return expected;
    }

    /** The fingerprint of the certificate the server presented. */
    public String presented() {
        return presented;
    }
}
