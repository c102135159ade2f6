package org.secfunet.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** radius_server's ZooKeeper mode in its TOML: [zookeeper], name and [pool]; mistakes are one line naming the key. */
class RadiusZooKeeperConfigTest {
    static final String BASE = """
            listen = "127.0.0.1:1812"
            [[client]]
            address = "127.0.0.1"
            secret = "pass:testing123"
            """;
    static final String ZK = """
            [zookeeper]
            connect = "127.0.0.1:2181"
            user = "grid"
            password = "pass:pw"
            """;

    /** {@link #BASE} with a top-level {@code name} (before the tables). */
    static String named(String name) {
        return "name = \"" + name + "\"\n" + BASE;
    }

    @TempDir
    Path dir;

    RadiusServerConfig load(String text) throws Exception {
        Path f = dir.resolve("radius.toml");
        Files.writeString(f, text);
        return RadiusServerConfig.load(f);
    }

    @Test
    void aPoolOnZooKeeperWithAPinForThePoolAndOneCardOfItsOwn() throws Exception {
        RadiusServerConfig c = load(named("radius-a") + ZK + """
                [pool]
                name = "wifi"
                pin = "pass:1234"
                identity = "radius"
                pin_max_failures = 2
                [[pool.card]]
                seid = "SE7"
                pin = "pass:5678"
                """);
        assertThat(c.onGrid()).isTrue();
        assertThat(c.cards()).isEmpty();
        assertThat(c.grid().name()).isEqualTo("radius-a");
        assertThat(c.grid().pool()).isEqualTo("wifi");
        assertThat(c.grid().zookeeper().connect()).isEqualTo("127.0.0.1:2181");
        assertThat(c.grid().pinMaxFailures()).isEqualTo(2);
        assertThat(c.grid().pinWindowSeconds()).isEqualTo(RadiusServerConfig.DEFAULT_POOL_PIN_WINDOW_SECONDS);
        assertThat(new String(c.grid().card("SE1").pin().read())).isEqualTo("1234");
        assertThat(c.grid().card("SE1").identity()).isEqualTo("radius");
        assertThat(new String(c.grid().card("SE7").pin().read())).isEqualTo("5678");
        assertThat(c.grid().card("SE7").identity()).isEqualTo("radius");
    }

    @Test
    void aStaticConfigurationHasNoGrid() throws Exception {
        RadiusServerConfig c = load(BASE + "[[card]]\nreader = \"vcard:a.sfn\"\npin = \"pass:1234\"\n");
        assertThat(c.onGrid()).isFalse();
        assertThat(c.grid()).isNull();
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        String pool = "[pool]\nname = \"wifi\"\npin = \"pass:1234\"\n";
        expect(BASE + ZK + pool, "name is required with [zookeeper]");
        expect(named("a") + ZK, "[zookeeper] needs a [pool] table");
        expect(BASE + pool, "[pool] needs a [zookeeper] table");
        expect(named("a") + "[[card]]\nreader = \"vcard:a.sfn\"\npin = \"pass:1\"\n", "name is for ZooKeeper mode");
        expect(named("a") + "[[card]]\nreader = \"vcard:a.sfn\"\npin = \"pass:1234\"\n" + ZK + pool, "[[card]] and [zookeeper] do not go together");
        expect(named("a b") + ZK + pool, "name 'a b' must be 1-64 printable ASCII characters");
        expect(named("a") + ZK + "[pool]\nname = \"wi/fi\"\npin = \"pass:1234\"\n", "pool.name 'wi/fi'");
        expect(named("a") + ZK + "[pool]\nname = \"wifi\"\n", "pool.pin is required");
        expect(named("a") + ZK + "[pool]\nname = \"wifi\"\npin = \"1234\"\n", "pool.pin: a secret source must be");
        expect(named("a") + ZK + pool + "pin_max_failures = 0\n", "pool.pin_max_failures");
        expect(named("a") + ZK + pool + "[[pool.card]]\nseid = \"SE1\"\n", "pool.card SE1: give its pin or its identity");
        expect(named("a") + ZK.replace("127.0.0.1:2181", "nowhere") + pool, "zookeeper.connect = 'nowhere'");
        expect(BASE, "no [[card]]");
    }

    private void expect(String text, String message) {
        assertThatThrownBy(() -> load(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
