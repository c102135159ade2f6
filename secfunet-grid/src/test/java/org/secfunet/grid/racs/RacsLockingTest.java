package org.secfunet.grid.racs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.secfunet.grid.racs.RacsTestGrid.SELECT_TEST;
import static org.secfunet.grid.racs.RacsTestGrid.script;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.secfunet.apdu.CardRemovedException;
import org.secfunet.apdu.Transport;
import org.secfunet.pcsc.CardSession;
import org.secfunet.pcsc.ReaderException;
import org.secfunet.pcsc.Readers;

class RacsLockingTest {
    @TempDir
    Path dir;
    SeRegistry registry;
    AccessPolicy access;

    private static final String CONFIG = RacsTestGrid.serverToml("""
            [users]
            "vm-a" = ["se1"]
            "vm-b" = ["se1"]
            """);

    private void grid(SeConnector connector) throws Exception {
        RacsServerConfig config = RacsTestGrid.config(dir, CONFIG + RacsTestGrid.testSes(dir, "se1"));
        registry = SeRegistry.of(config, connector);
        access = AccessPolicy.of(config);
    }

    /** The grid over {@code connector}, and a session of vm-a in it. */
    private RacsInterpreter vmAOver(SeConnector connector) throws Exception {
        grid(connector);
        return new RacsInterpreter(registry, access, "vm-a");
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String run(RacsInterpreter i, String line) {
        return i.run(script(line)).last().format();
    }

    @Test
    void theFirstSessionToPowerOnHoldsTheSeUntilShutdown() throws Exception {
        try (RacsInterpreter a = vmAOver(SeConnector.of(Readers.discover()));
                RacsInterpreter b = new RacsInterpreter(registry, access, "vm-b")) {
            assertThat(run(a, "POWERON se1")).startsWith("+008 001");
            assertThat(run(b, "POWERON se1")).isEqualTo("-708 001 SE in use by another session");
            assertThat(run(b, "APDU se1 " + SELECT_TEST)).isEqualTo("-706 001 SE in use by another session");
            assertThat(run(b, "RESET se1")).isEqualTo("-705 001 SE in use by another session");
            assertThat(run(b, "SHUTDOWN se1")).isEqualTo("-707 001 SE in use by another session");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(a, "SHUTDOWN se1")).isEqualTo("+007 001");
            assertThat(run(b, "POWERON se1")).startsWith("+008 001");
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("-706 001 SE in use by another session");
        }
    }

    @Test
    void anApduTakesTheLockAndARefusedOneDoesNot() throws Exception {
        try (RacsInterpreter a = vmAOver(SeConnector.of(Readers.discover()));
                RacsInterpreter b = new RacsInterpreter(registry, access, "vm-b")) {
            assertThat(run(a, "APDU se1 00A4")).startsWith("-406");
            assertThat(registry.find("se1").orElseThrow().held()).isFalse();
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(b, "POWERON se1")).startsWith("-708");
        }
    }

    @Test
    void theEndOfASessionReleasesAndPowersOffWhatItHeld() throws Exception {
        RacsInterpreter a = vmAOver(SeConnector.of(Readers.discover()));
        try (RacsInterpreter b = new RacsInterpreter(registry, access, "vm-b")) {
            assertThat(run(a, "APDU se1 " + SELECT_TEST)).isEqualTo("+006 001 9000");
            assertThat(run(b, "POWERON se1")).startsWith("-708");
            a.close();
            assertThat(registry.find("se1").orElseThrow().held()).isFalse();
            // the store lock was released with the card session: b can open the same card file
            assertThat(run(b, "POWERON se1")).startsWith("+008 001");
            // a new power-on starts with no applet selected
            assertThat(run(b, "APDU se1 0001000001AA00")).isEqualTo("+006 001 6D00");
        }
    }

    @Test
    void registryCloseReleasesEverything() throws Exception {
        try (RacsInterpreter a = vmAOver(SeConnector.of(Readers.discover()))) {
            assertThat(run(a, "POWERON se1")).startsWith("+008");
            registry.close();
            assertThat(registry.find("se1").orElseThrow().held()).isFalse();
        }
    }

    @Test
    void aCardRemovedDuringAnApduPowersTheSeOffAndReleasesIt() throws Exception {
        AtomicBoolean removed = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        grid(address -> new CardSession() {
            @Override
            public Transport transport() {
                return command -> {
                    if (removed.get()) {
                        throw new CardRemovedException("card removed");
                    }
                    return new byte[] {(byte) 0x90, 0x00};
                };
            }

            @Override
            public byte[] atr() {
                return new byte[] {0x3B, 0x00};
            }

            @Override
            public String readerName() {
                return "fake";
            }

            @Override
            public int maxNe() {
                return 256;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        });
        try (RacsInterpreter a = new RacsInterpreter(registry, access, "vm-a");
                RacsInterpreter b = new RacsInterpreter(registry, access, "vm-b")) {
            assertThat(run(a, "APDU se1 00A4040000")).isEqualTo("+006 001 9000");
            removed.set(true);
            assertThat(run(a, "APDU se1 00A4040000")).startsWith("-806 001 hardware error");
            assertThat(closed).isTrue();
            assertThat(registry.find("se1").orElseThrow().held()).isFalse();
            removed.set(false);
            assertThat(run(b, "POWERON se1")).isEqualTo("+008 001 3B00");
        }
    }

    @Test
    void aReaderThatCannotBeReachedIsAHardwareErrorAndTakesNoLock() throws Exception {
        try (RacsInterpreter a = vmAOver(address -> {
            throw new ReaderException("no card in reader");
        })) {
            assertThat(run(a, "POWERON se1")).startsWith("-808 001");
            assertThat(run(a, "RESET se1")).startsWith("-805 001");
            assertThat(run(a, "APDU se1 00A4040000")).startsWith("-806 001");
            assertThat(registry.find("se1").orElseThrow().held()).isFalse();
        }
    }

    @Test
    void aStoreThatCannotBeOpenedIsASystemError() throws Exception {
        try (RacsInterpreter a = vmAOver(address -> {
            throw new IllegalStateException("store busy");
        })) {
            assertThat(run(a, "POWERON se1")).isEqualTo("-908 001 system error");
        }
    }
}
