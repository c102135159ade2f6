package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.secfunet.service.SecretSpec;

/** {@code grid status}'s two forms from a snapshot: aligned text, JSON with nulls for what is not there. */
class GridStatusTest {
    private static final CoordSettings SETTINGS = new CoordSettings("zk1:2181", "/secfunet", "grid", new SecretSpec("pass:pw", Path.of(".")),
            4_000, 1_000, 10, 100, 2);

    private static GridStatus status() {
        SeInfo a = new SeInfo("se-long-name", "racs-a", "pcsc", "3b00", List.of("F053454346"), SeHealth.failed("no card\nin reader"));
        SeInfo b = new SeInfo("se1", "racs-b", "vcard", "", List.of(), SeHealth.OK);
        return GridStatus.of(new GridSnapshot(Instant.parse("2026-12-03T06:00:00.123456Z"), Health.CONNECTED,
                List.of(new ServerInfo("racs-a", "10.0.0.1:7777", "AB".repeat(32))),
                List.of(new GridSnapshot.SeStatus(b, "hv-1", "vm b"), new GridSnapshot.SeStatus(a, null, null)),
                List.of(new Binding("vm b", List.of("se1", "se0"), Set.of("tunnel"), Set.of("srv:443", "a:1")))), SETTINGS);
    }

    @Test
    void textIsAlignedAndSorted() {
        assertThat(status().text()).isEqualTo("""
                ZooKeeper zk1:2181 root /secfunet: CONNECTED at 2026-12-03T06:00:00.123Z

                RACS servers: 1
                NAME    ENDPOINT       CERT SHA-256
                racs-a  10.0.0.1:7777  %s

                SEs: 3 (1 ok, 1 locked)
                SEID          SERVER  KIND   VM    LOCKED BY  HEALTH
                se-long-name  racs-a  pcsc   -     -          failed: no card in reader
                se0           -       -      vm b  -          unregistered
                se1           racs-b  vcard  vm b  hv-1       ok

                VMs: 1
                VM    SES      MODES   TARGETS
                vm b  se1,se0  tunnel  a:1,srv:443
                """.formatted("ab".repeat(32)));
    }

    @Test
    void jsonHasEveryFieldAndNullsForNone() throws Exception {
        JsonNode j = JsonMapper.builder().build().readTree(status().json());
        assertThat(j.get("taken_at").asText()).isEqualTo("2026-12-03T06:00:00.123Z");
        assertThat(j.get("zookeeper").toString()).isEqualTo("{\"connect\":\"zk1:2181\",\"root\":\"/secfunet\",\"health\":\"CONNECTED\"}");
        assertThat(j.at("/ses/0").toString()).isEqualTo("{\"seid\":\"se-long-name\",\"server\":\"racs-a\",\"kind\":\"pcsc\","
                + "\"atr\":\"3B00\",\"aids\":[\"F053454346\"],\"health\":\"failed\",\"reason\":\"no card in reader\","
                + "\"lock_holder\":null,\"bound_to\":null}");
        assertThat(j.at("/ses/1/health").asText()).isEqualTo("unregistered");
        assertThat(j.at("/ses/1/server").isNull()).isTrue();
        assertThat(j.at("/ses/2/reason").isNull()).isTrue();
        assertThat(j.at("/ses/2/lock_holder").asText()).isEqualTo("hv-1");
        assertThat(j.at("/vms/0").toString()).isEqualTo("{\"name\":\"vm b\",\"ses\":[\"se1\",\"se0\"],\"modes\":[\"tunnel\"],"
                + "\"targets\":[\"a:1\",\"srv:443\"]}");
    }
}
