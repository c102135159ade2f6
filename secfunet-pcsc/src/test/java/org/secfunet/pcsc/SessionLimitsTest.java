package org.secfunet.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.secfunet.apdu.Transport;

/** What each kind of session says it carries in one command APDU. */
class SessionLimitsTest {
    private static final CardDevice DEVICE = new CardDevice() {
        @Override
        public byte[] atr() {
            return new byte[] {0x3B, 0x00};
        }

        @Override
        public void powerOn() {
        }

        @Override
        public void powerOff() {
        }

        @Override
        public void reset() {
        }

        @Override
        public byte[] transmit(byte[] command) {
            return new byte[] {(byte) 0x90, 0};
        }

        @Override
        public String label() {
            return "t";
        }
    };

    @Test
    void inProcessSessionsCarryExtendedApdusAndForwardingOnesSayWhatTheirInnerSays() {
        try (InProcessSession s = new InProcessSession(DEVICE, "t", () -> { })) {
            assertThat(s.maxCommandData()).isEqualTo(65535);
            assertThat(new ForwardingSession(s).maxCommandData()).isEqualTo(65535);
        }
    }

    @Test
    void aSessionThatCannotSayIsShort() {
        CardSession unknown = new CardSession() {
            @Override
            public Transport transport() {
                return c -> new byte[] {(byte) 0x90, 0};
            }

            @Override
            public byte[] atr() {
                return new byte[0];
            }

            @Override
            public String readerName() {
                return "unknown";
            }

            @Override
            public int maxNe() {
                return 256;
            }

            @Override
            public void close() {
            }
        };
        assertThat(unknown.maxCommandData()).isEqualTo(255);
        assertThat(new ForwardingSession(unknown).maxCommandData()).isEqualTo(255);
    }
}
