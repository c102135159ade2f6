package org.secfunet.coord;

/**
 * A live RACS server as registered under {@code /racs/<name>}: where it listens ({@code host:port})
 * and the SHA-256 fingerprint of its certificate (hex), so that a client can check it talks to the
 * registered server.
 */
public record ServerInfo(String name, String endpoint, String certSha256) {
    public ServerInfo {
        Znodes.checkId("server name", name);
        if (endpoint == null || !endpoint.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}):\\d{1,5}")) {
            throw new IllegalArgumentException("server " + name + ": endpoint '" + endpoint + "' must be host:port");
        }
        if (certSha256 == null || !certSha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("server " + name + ": the certificate fingerprint must be 64 hex digits (SHA-256)");
        }
        certSha256 = certSha256.toLowerCase(java.util.Locale.ROOT);
    }
}
