package org.secfunet.cli;

import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `secfunet sim change-pin|disable-pin|enable-pin|unblock`: PIN1 management of a SIM/USIM. */
final class SimPinCommands {
    private SimPinCommands() {
    }

    @Command(name = "change-pin", mixinStandardHelpOptions = true, description = "CHANGE PIN: the current PIN (-pass) and a new one (4-8 digits).")
    static final class ChangePin implements Runnable {
        @Mixin
        SimCommand.Access access;
        @Mixin
        NewPin newPin;

        @Override
        public void run() {
            access.with(false, (card, out) -> {
                newPin.write(access.pass, "-pass", "current SIM PIN: ", card::changePin);
                out.println("PIN changed");
            });
        }
    }

    /** DISABLE or ENABLE PIN, verified with the PIN of -pass. */
    abstract static class PinSwitch implements Runnable {
        @Mixin
        SimCommand.Access access;
        private final boolean enabled;

        PinSwitch(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void run() {
            access.with(false, (card, out) -> {
                char[] pin = SecretSource.read(access.pass, "-pass", "SIM PIN: ");
                try {
                    card.setPinEnabled(pin, enabled);
                } finally {
                    Arrays.fill(pin, '\0');
                }
                out.println(enabled ? "PIN enabled" : "PIN disabled");
            });
        }
    }

    @Command(name = "disable-pin", mixinStandardHelpOptions = true, description = "DISABLE PIN: IMSI and authentication no longer need the PIN.")
    static final class DisablePin extends PinSwitch {
        DisablePin() {
            super(false);
        }
    }

    @Command(name = "enable-pin", mixinStandardHelpOptions = true, description = "ENABLE PIN: IMSI and authentication need the PIN again.")
    static final class EnablePin extends PinSwitch {
        EnablePin() {
            super(true);
        }
    }

    /** {@code --new-pin SPEC}: the PIN that CHANGE PIN and UNBLOCK PIN set. */
    static final class NewPin {
        @Option(names = "--new-pin", required = true, paramLabel = "SPEC", description = "New PIN: pass:…, env:…, file:…, stdin.")
        String spec;

        /** Sets the new PIN with a secret that authorizes it (the current PIN, or the PUK). */
        interface Write {
            void apply(char[] authorization, char[] newPin);
        }

        /** Reads the authorizing secret, then the new PIN, hands both to {@code write} and wipes them. */
        void write(String authSpec, String option, String prompt, Write write) {
            char[] auth = SecretSource.read(authSpec, option, prompt);
            char[] next = null;
            try {
                next = SecretSource.read(spec, "--new-pin", "new SIM PIN: ");
                write.apply(auth, next);
            } finally {
                Arrays.fill(auth, '\0');
                if (next != null) {
                    Arrays.fill(next, '\0');
                }
            }
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = "UNBLOCK PIN with the PUK (8 digits), setting a new PIN.")
    static final class Unblock implements Runnable {
        @Mixin
        SimCommand.Access access;
        @Option(names = "--puk", required = true, paramLabel = "SPEC", description = "PUK: pass:…, env:…, file:…, stdin.")
        String puk;
        @Mixin
        NewPin newPin;

        @Override
        public void run() {
            access.with(false, (card, out) -> {
                newPin.write(puk, "--puk", "SIM PUK: ", card::unblockPin);
                int left = card.pukTriesLeft(); // -1: a GSM SIM does not say
                out.println("PIN unblocked and set" + (left >= 0 ? "; PUK tries left: " + left : ""));
            });
        }
    }
}
