package org.secfunet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `secfunet sim change-pin|disable-pin|enable-pin|unblock`: PIN1 management of a SIM/USIM. */
final class SimPinCommands {
    private SimPinCommands() {
    }

    @Command(name = "change-pin", mixinStandardHelpOptions = true, description = {"CHANGE PIN: the current PIN (-pass) and a new one (4-8 digits).",
            "-pass pinpad (or auto, the default, on a reader that can change a PIN on its pinpad): the reader asks both."})
    static final class ChangePin implements Runnable {
        @Mixin
        SimCommand.Access access;
        @Mixin
        NewPin newPin;

        @Override
        public void run() {
            CardPinChange change = newPin.after(access.pass, "-pass", "current SIM PIN: ");
            access.with(false, (card, out) -> {
                try (change) {
                    change.present(card.readerName(), card::hasPinPadForChange, card::changePinOnPinPad, card::changePin, access.err());
                }
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
            CardPin pin = CardPin.of(access.pass, "-pass", "SIM PIN: ");
            access.with(false, (card, out) -> {
                try (pin) {
                    pin.present(card.readerName(), card::hasPinPad, () -> card.setPinEnabledOnPinPad(enabled), p -> card.setPinEnabled(p, enabled),
                            access.err());
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
        @Option(names = "--new-pin", paramLabel = "SPEC", description = "New PIN: pass:…, env:…, file:…, stdin, or pinpad / auto (the reader's pinpad "
                + "asks it with the PIN or PUK; the default: the pinpad when the reader can change a PIN on it, else prompted).")
        String spec;

        /** The authorizing secret ({@code authSpec} of {@code option}: the current PIN, or the PUK) and this new PIN. */
        CardPinChange after(String authSpec, String option, String prompt) {
            return CardPinChange.of(authSpec, option, prompt, spec, "--new-pin", "new SIM PIN: ");
        }
    }

    @Command(name = "unblock", mixinStandardHelpOptions = true, description = {"UNBLOCK PIN with the PUK (8 digits), setting a new PIN.",
            "--puk pinpad (or auto, the default, on a reader that can change a PIN on its pinpad): the reader asks the PUK and the new PIN."})
    static final class Unblock implements Runnable {
        @Mixin
        SimCommand.Access access;
        @Option(names = "--puk", paramLabel = "SPEC", description = "PUK: pass:…, env:…, file:…, stdin, pinpad (typed on the reader's pinpad with the "
                + "new PIN: neither passes the host) or auto (the pinpad when the reader can change a PIN on it, else prompted; the default).")
        String puk;
        @Mixin
        NewPin newPin;

        @Override
        public void run() {
            CardPinChange unblock = newPin.after(puk, "--puk", "SIM PUK: ");
            access.with(false, (card, out) -> {
                try (unblock) {
                    unblock.present(card.readerName(), card::hasPinPadForChange, card::unblockPinOnPinPad, card::unblockPin, access.err());
                }
                int left = card.pukTriesLeft(); // -1: a GSM SIM does not say
                out.println("PIN unblocked and set" + (left >= 0 ? "; PUK tries left: " + left : ""));
            });
        }
    }
}
