package org.secfunet.grid.racs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.secfunet.card.eaptls.EapCardStore;
import org.secfunet.card.eaptls.EapCards;
import org.secfunet.card.store.CardStore;
import org.secfunet.pcsc.Readers;

/** Test helpers: software test cards, a configuration around them, scripts from text. */
final class RacsTestGrid {
    static final String TEST_AID = "F053454346554E455401";
    static final String SELECT_TEST = "00A404000A" + TEST_AID;

    private RacsTestGrid() {
    }

    /** A new test-applet card store {@code dir/name.sfn} (PIN 1234). */
    static Path testCard(Path dir, String name) {
        Path file = dir.resolve(name + ".sfn");
        CardStore.create(file, name, "1234".toCharArray());
        return file;
    }

    /** A new EAP-TLS card store {@code dir/name.sfn} without credentials (PIN 1234, PUK 12345678). */
    static Path eapCard(Path dir, String name) {
        Path file = dir.resolve(name + ".sfn");
        EapCards.init(file, name, "1234".toCharArray(), "12345678".toCharArray());
        return file;
    }

    /** The (user) PIN tries left that a test or EAP-TLS card store holds; the store must not be in use. */
    static int triesLeft(Path store) {
        try {
            byte[] head = Files.readAllBytes(store);
            if (EapCardStore.isEapCardStore(head)) {
                try (EapCardStore s = EapCardStore.open(store)) {
                    return s.image().userPin.triesLeft;
                }
            }
            try (CardStore s = CardStore.open(store)) {
                return s.image().pin.triesLeft;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Placeholder TLS files (the interpreter never reads them; the config only wants them to exist). */
    static void placeholderTls(Path dir) throws IOException {
        for (String f : List.of("server.pem", "server.key", "ca.pem")) {
            Path p = dir.resolve(f);
            if (!Files.exists(p)) {
                Files.writeString(p, "placeholder\n");
            }
        }
    }

    static String tlsSection() {
        return """
                [tls]
                cert = "server.pem"
                key = "server.key"
                client_ca = "ca.pem"
                """;
    }

    /** New test-applet cards {@code dir/SEID.sfn}, and their {@code [[se]]} entries (each SEID served from its card). */
    static String testSes(Path dir, String... seids) {
        StringBuilder toml = new StringBuilder();
        for (String seid : seids) {
            testCard(dir, seid);
            toml.append("[[se]]\nseid = \"").append(seid).append("\"\nreader = \"vcard:").append(seid).append(".sfn\"\n");
        }
        return toml.toString();
    }

    /** Writes {@code toml} as {@code dir/racs.toml} and starts a server on it, as `racs_server --config` does. */
    static RacsServer startServer(Path dir, String toml) throws IOException {
        Path config = dir.resolve("racs.toml");
        Files.writeString(config, toml);
        return new RacsServer(RacsServerConfig.load(config)).start();
    }

    /** A server configuration: listen on a free loopback port, {@link #tlsSection()}, then {@code rest}. */
    static String serverToml(String rest) {
        return "listen = \"127.0.0.1:0\"\n" + tlsSection() + rest;
    }

    static RacsServerConfig config(Path dir, String toml) throws IOException {
        placeholderTls(dir);
        return RacsServerConfig.parse(toml, dir);
    }

    static SeRegistry registry(RacsServerConfig config) {
        return SeRegistry.of(config, SeConnector.of(Readers.discover()));
    }

    /** A script from lines (without BEGIN/END, added here). */
    static RacsScript script(String... lines) {
        List<String> all = new ArrayList<>();
        all.add("BEGIN");
        all.addAll(List.of(lines));
        all.add("END");
        return scriptOf(all);
    }

    /** A script from its full text lines, BEGIN and END included. */
    static RacsScript scriptOf(List<String> lines) {
        RacsScriptAssembler a = new RacsScriptAssembler(999);
        for (String l : lines) {
            if (a.accept(l) instanceof RacsScriptAssembler.Complete c) {
                return c.script();
            }
        }
        throw new IllegalArgumentException("no complete script in " + lines);
    }
}
