package org.secfunet.grid.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The labs' RACS TOML, to the letter: GridLab's (firewall lines after each SE) and the bench's second server on ZooKeeper (name, fencing, a trailing table). */
class LabRacsTomlTest {
    private static final String BLOCK = """
            [tls]
            cert = "racs-server.pem"
            key = "racs-server.key"
            client_ca = "grid-ca.pem"
            [limits]
            max_sessions_per_client = 256
            max_sessions = 256
            [users]
            "hypervisor-racs" = ["*"]
            """;

    @Test
    void gridLabsServerWithFirewallLines() {
        String seFirewall = "deny = [\"*\"]"; // as GridLab.startRacs passes it: its lines, then a line end
        String text = new LabRacsToml("127.0.0.1:4711").cards(1, 2).eachSe(seFirewall + "\n").text();
        assertThat(text).isEqualTo("listen = \"127.0.0.1:4711\"\n" + BLOCK
                + "[[se]]\nseid = \"se1\"\nreader = \"vcard:card-1.sfn\"\ndeny = [\"*\"]\n"
                + "[[se]]\nseid = \"se2\"\nreader = \"vcard:card-2.sfn\"\ndeny = [\"*\"]\n");
    }

    @Test
    void namedFencedServerWithATrailingTable() {
        String text = new LabRacsToml("127.0.0.1:0").name("racs-2").fencing("optional").cards(3, 4).tail("[zookeeper]\nconnect = \"127.0.0.1:2181\"\n").text();
        assertThat(text).isEqualTo("listen = \"127.0.0.1:0\"\nname = \"racs-2\"\nfencing = \"optional\"\n" + BLOCK
                + "[[se]]\nseid = \"se3\"\nreader = \"vcard:card-3.sfn\"\n"
                + "[[se]]\nseid = \"se4\"\nreader = \"vcard:card-4.sfn\"\n"
                + "[zookeeper]\nconnect = \"127.0.0.1:2181\"\n");
    }
}
