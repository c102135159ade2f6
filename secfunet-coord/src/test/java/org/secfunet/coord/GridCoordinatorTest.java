package org.secfunet.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.secfunet.service.SecretSpec;

/** What a coordinator says before it has a session (no ZooKeeper needed). */
class GridCoordinatorTest {
    @Test
    void notAvailableBeforeStartWithTheAgeFromItsClock() {
        TestClock clock = new TestClock();
        GridCoordinator c = new GridCoordinator(new CoordSettings("zk1:2181,zk2:2181", "/secfunet", "grid",
                new SecretSpec("pass:pw", Path.of(".")), 4_000, 1_000, 10, 100, 2), clock);
        assertThat(c.health()).isEqualTo(Health.LOST);
        clock.advance(Duration.ofSeconds(7));
        assertThatThrownBy(c::requireAvailable).isInstanceOf(CoordinationUnavailableException.class)
                .hasMessage("ZooKeeper at zk1:2181,zk2:2181 is unreachable or has lost its quorum: "
                        + "new card sessions are refused until it returns (LOST for 7 s)");
        assertThatThrownBy(c::bindings).isInstanceOf(IllegalStateException.class).hasMessage("the GridCoordinator is not started");
        c.close();
    }
}
