package org.secfunet.radius.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabProcessTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatLostItsPortIsStartedAgainOnAnother() throws Exception {
        List<Integer> tried = new ArrayList<>();
        try (LabProcess lp = LabProcess.onFreeUdpPort(port -> {
            tried.add(port);
            if (tried.size() == 1) {
                throw new IOException("server did not start:\nbind: Address already in use");
            }
            return LabProcess.start("sh", dir, "ready", "sh", "-c", "echo ready " + port + "; exec sleep 30");
        })) {
            assertThat(tried).hasSize(2);
            assertThat(lp.port()).isEqualTo(tried.get(1));
            assertThat(lp.printed("ready " + tried.get(1))).isTrue();
        }
    }

    @Test
    void otherFailuresAndThreePortsInUseAreNotRetriedFurther() {
        List<Integer> tried = new ArrayList<>();
        assertThatThrownBy(() -> LabProcess.onFreeUdpPort(port -> {
            tried.add(port);
            throw new IOException("bad configuration");
        })).hasMessage("bad configuration");
        assertThat(tried).hasSize(1);
        tried.clear();
        assertThatThrownBy(() -> LabProcess.onFreeUdpPort(port -> {
            tried.add(port);
            throw new IOException("Address already in use");
        })).hasMessage("Address already in use");
        assertThat(tried).hasSize(3);
    }

    @Test
    void whyAServerStoppedAtStartIsInTheError() {
        assertThatThrownBy(() -> LabProcess.start("sh", dir, "AP-ENABLED", "sh", "-c", "echo bind: Address already in use; exit 1"))
                .isInstanceOf(IOException.class).hasMessageContaining("Address already in use");
    }
}
