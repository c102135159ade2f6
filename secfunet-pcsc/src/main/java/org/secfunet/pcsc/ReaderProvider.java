package org.secfunet.pcsc;

/**
 * Connects to the cards behind one kind of {@link ReaderAddress}, and parses the addresses of
 * its scheme. Found with {@link java.util.ServiceLoader}, so higher layers (software cards, RACS)
 * plug in without this layer knowing them or their grammar.
 */
public interface ReaderProvider {
    /** The form of this provider's addresses, for help and errors (e.g. {@code vcard:FILE}); empty if it parses none. */
    default String syntax() {
        return "";
    }

    /**
     * The address {@code text} (stripped, not blank) names in this provider's scheme, or null when
     * it is not of this scheme; an address of this scheme that is malformed throws an
     * {@link IllegalArgumentException} saying what is wrong.
     */
    default ReaderAddress parse(String text) {
        return null;
    }

    boolean supports(ReaderAddress address);

    /**
     * Whether {@link #connect} presents {@link ConnectOptions#fencingToken()} to the card's
     * server (false by default: {@link Readers} then refuses a fenced connect to this provider).
     * A provider that does fails a connect or a command its server refused for a stale token with
     * {@link FencingRefusedException}.
     */
    default boolean presentsFencingTokens() {
        return false;
    }

    /**
     * Whether {@link #connect} checks the server's leaf certificate against
     * {@link ConnectOptions#serverCertSha256()} (false by default: {@link Readers} then refuses such
     * a connect to this provider). A provider that does fails a connect to a server presenting
     * another certificate with {@link ServerCertificateMismatchException}.
     */
    default boolean checksServerCertificates() {
        return false;
    }

    CardSession connect(ReaderAddress address, ConnectOptions options);
}
