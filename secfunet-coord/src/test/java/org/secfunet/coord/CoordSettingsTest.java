package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CoordSettingsTest {
    static final Path BASE = Path.of("/etc/secfunet");

    static CoordSettings parse(String table) {
        return CoordSettings.parse("[zookeeper]\n" + table, "t.toml", BASE);
    }

    @Test
    void defaultsAndAllKeys() {
        CoordSettings s = parse("connect = \"zk1:2181,zk2:2181,zk3:2181\"\nuser = \"grid\"\npassword = \"file:zk.pw\"\n");
        assertThat(s.root()).isEqualTo("/secfunet");
        assertThat(s.sessionTimeoutMillis()).isEqualTo(15_000);
        assertThat(s.connectionTimeoutMillis()).isEqualTo(5_000);
        assertThat(s.retryBaseMillis()).isEqualTo(200);
        assertThat(s.retryMaxMillis()).isEqualTo(5_000);
        assertThat(s.retryCount()).isEqualTo(10);
        assertThat(s.password().base()).isEqualTo(BASE);
        CoordSettings all = parse("connect = \"[::1]:2181\"\nroot = \"/grids/one\"\nuser = \"grid\"\npassword = \"env:ZK_PW\"\n"
                + "session_timeout_ms = 4000\nconnection_timeout_ms = 1000\nretry_base_ms = 10\nretry_max_ms = 100\nretry_count = 3\n");
        assertThat(all.root()).isEqualTo("/grids/one");
        assertThat(all.retryPolicy()).isNotNull();
    }

    @Test
    void thePasswordNeverShows() {
        CoordSettings s = parse("connect = \"zk:2181\"\nuser = \"grid\"\npassword = \"pass:hunter2\"\n");
        assertThat(s.toString()).doesNotContain("hunter2").contains("pass:***");
        assertThat(new String(s.password().read())).isEqualTo("hunter2");
    }

    @Test
    void oneLineErrorsNamingTheKey() {
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nuser = \"grid\"\npassword = \"pass:x\"\nsession_timeout_ms = 10\n"))
                .hasMessage("zookeeper.session_timeout_ms = 10 is outside 1000..600000");
        assertThatThrownBy(() -> parse("connect = \"zk:2181/chroot\"\nuser = \"grid\"\npassword = \"pass:x\"\n"))
                .hasMessageStartingWith("zookeeper.connect = 'zk:2181/chroot' must be host:port");
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nuser = \"grid\"\npassword = \"hunter2\"\n"))
                .hasMessage("zookeeper.password: a secret source must be env:NAME, file:PATH or pass:VALUE")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nroot = \"secfunet\"\nuser = \"grid\"\npassword = \"pass:x\"\n"))
                .hasMessageStartingWith("zookeeper.root = 'secfunet' must be an absolute znode path");
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nroot = \"/zookeeper/x\"\nuser = \"grid\"\npassword = \"pass:x\"\n"))
                .hasMessageStartingWith("zookeeper.root = '/zookeeper/x'");
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nuser = \"grid\"\npassword = \"pass:x\"\ncolour = 1\n"))
                .hasMessageStartingWith("config t.toml: zookeeper.colour: unknown key");
        assertThatThrownBy(() -> parse("user = \"grid\"\npassword = \"pass:x\"\n")).hasMessageContaining("connect");
        assertThatThrownBy(() -> parse("connect = \"zk:2181\"\nuser = \"grid\"\npassword = \"pass:x\"\nretry_base_ms = 500\nretry_max_ms = 100\n"))
                .hasMessage("zookeeper.retry_max_ms = 100 is outside 500..600000");
    }
}
