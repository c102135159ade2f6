package org.secfunet.radius.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.eap.tls.pki.ThrowawayPki;

/**
 * The files of an EAP-TLS-over-RADIUS test bed, as an operator would have them: one CA, server
 * cards (EAP-TLS server role, certificate for {@value RadiusPki#SERVER_NAME}), a peer card, the
 * same credentials as PEM files for hostapd, FreeRADIUS and wpa_supplicant's eapol_test, and a
 * radius_server configuration. Used by the tests, the benchmark and bin/test.
 */
public final class RadiusLab {
    public static final String PIN = "1234";
    public static final String PUK = "12345678";
    public static final String SECRET = "testing123";
    public static final String PEER_IDENTITY = "card@test.local";

    public final Path dir;
    public final RadiusPki pki;
    public final List<Path> serverCards = new ArrayList<>();
    public final Path peerCard;
    public final Path[] serverFiles;
    public final Path[] clientFiles;

    public RadiusLab(Path dir, ThrowawayPki.KeyType type, int serverCards, Duration validity) throws Exception {
        this.dir = dir;
        this.pki = new RadiusPki(dir, type, validity, type.name().toLowerCase(java.util.Locale.ROOT));
        ThrowawayPki.Credential server = pki.ca.server(RadiusPki.SERVER_NAME);
        this.serverFiles = pki.write("server", server);
        for (int i = 1; i <= serverCards; i++) {
            Path store = dir.resolve("server-card-" + i + ".sfn");
            EapCards.personalized(store, "radius card " + i, PIN.toCharArray(), PUK.toCharArray(), server.key(), server.certificate(),
                    pki.ca.ca().certificate(), "radius", RadiusPki.SERVER_NAME, "server");
            this.serverCards.add(store);
        }
        ThrowawayPki.Credential client = pki.ca.client(PEER_IDENTITY);
        this.clientFiles = pki.write("client", client);
        this.peerCard = dir.resolve("peer-card.sfn");
        EapCards.personalized(peerCard, "peer card", PIN.toCharArray(), PUK.toCharArray(), client.key(), client.certificate(),
                pki.ca.ca().certificate(), "wifi", PEER_IDENTITY, "peer");
    }

    /** A radius_server configuration over the server cards, for the client 127.0.0.1 with {@link #SECRET}. */
    public Path serverConfig(int port, long conversationTimeoutSeconds) throws IOException {
        return serverConfig(port, conversationTimeoutSeconds, "");
    }

    /** The same with a silence limit between two rounds other than the default. */
    public Path serverConfig(int port, long conversationTimeoutSeconds, long roundTimeoutSeconds) throws IOException {
        return serverConfig(port, conversationTimeoutSeconds, "round_timeout_seconds = " + roundTimeoutSeconds + "\n");
    }

    private Path serverConfig(int port, long conversationTimeoutSeconds, String moreLimits) throws IOException {
        StringBuilder sb = new StringBuilder("listen = \"127.0.0.1:" + port + "\"\n");
        sb.append("[[client]]\naddress = \"127.0.0.1\"\nsecret = \"pass:").append(SECRET).append("\"\n");
        for (Path c : serverCards) {
            sb.append("[[card]]\nreader = \"vcard:").append(c.getFileName()).append("\"\npin = \"pass:").append(PIN).append("\"\nidentity = \"radius\"\n");
        }
        sb.append("[limits]\nconversation_timeout_seconds = ").append(conversationTimeoutSeconds).append("\ncard_wait_ms = 5000\n").append(moreLimits);
        Path f = dir.resolve("radius.toml");
        Files.writeString(f, sb.toString());
        return f;
    }
}
