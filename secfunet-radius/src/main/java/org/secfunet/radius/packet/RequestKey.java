package org.secfunet.radius.packet;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What makes two Access-Requests the same request (RFC 2865 §3 and RFC 5080 §2.2.2): the source
 * address and port, the Identifier and the Request Authenticator. The address is text (e.g.
 * {@code InetAddress.getHostAddress()}), so this class does no lookups.
 */
public final class RequestKey {
    private final String address;
    private final int port;
    private final int identifier;
    private final byte[] authenticator;

    public RequestKey(String address, int port, int identifier, byte[] authenticator) {
        this.address = Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (identifier < 0 || identifier > 255) {
            throw new IllegalArgumentException("RADIUS identifier must be 0..255, got " + identifier);
        }
        RadiusDigests.checkAuthenticator(authenticator, "Request Authenticator");
        this.port = port;
        this.identifier = identifier;
        this.authenticator = authenticator.clone();
    }

    /** The key of {@code request} received from {@code address:port}. */
    public static RequestKey of(String address, int port, RadiusPacket request) {
        return new RequestKey(address, port, request.identifier(), request.authenticator());
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public int identifier() {
        return identifier;
    }

    public byte[] authenticator() {
        return authenticator.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestKey k && k.port == port && k.identifier == identifier && k.address.equals(address)
                && Arrays.equals(k.authenticator, authenticator);
    }

    @Override
    public int hashCode() {
        return ((address.hashCode() * 31 + port) * 31 + identifier) * 31 + Arrays.hashCode(authenticator);
    }

    @Override
    public String toString() {
        return address + ":" + port + " id=" + identifier + " auth=" + HexFormat.of().formatHex(authenticator);
    }
}
