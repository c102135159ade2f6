package org.secfunet.pcsc.part10;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Secure PIN entry on a reader's pinpad (PC/SC part 10 v2.02.09): the PIN is typed on the reader,
 * which completes the APDU of a {@link PinVerifyStructure} or {@link PinModifyStructure} and sends
 * it to the card; the host sees only the status word ({@link PinEntryOutcome}). Features are asked
 * once ({@code CM_IOCTL_GET_FEATURE_REQUEST}); a reader that refuses the request has none. A
 * session's pinpad is {@code CardSession.pinPad()}; the control path is the session's
 * {@code SCardControl}. A reader without the feature gives one {@link PinPadException} naming it.
 */
public final class PinPad {
    private final ApduSizeDiscovery.Control control;
    private final String reader;
    private ReaderFeatures features;

    private PinPad(ApduSizeDiscovery.Control control, String reader) {
        this.control = control;
        this.reader = reader;
    }

    /** The pinpad behind {@code control}, the reader named {@code reader} (for messages). */
    public static PinPad of(ApduSizeDiscovery.Control control, String reader) {
        return new PinPad(control, reader);
    }

    /** The reader's features, asked on first use; none when it refuses or answers badly. */
    public synchronized ReaderFeatures features() {
        if (features == null) {
            try {
                byte[] a = control.transmit(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]);
                features = a == null ? ReaderFeatures.none() : ReaderFeatures.parse(a);
            } catch (Exception | LinkageError e) {
                features = ReaderFeatures.none(); // no part 10 in the driver or the middleware
            }
        }
        return features;
    }

    /** Whether the reader has {@code FEATURE_VERIFY_PIN_DIRECT}. */
    public boolean canVerify() {
        return features().controlCode(FeatureTag.VERIFY_PIN_DIRECT).isPresent();
    }

    /** Whether the reader has {@code FEATURE_MODIFY_PIN_DIRECT}. */
    public boolean canModify() {
        return features().controlCode(FeatureTag.MODIFY_PIN_DIRECT).isPresent();
    }

    /** The reader's {@code FEATURE_IFD_PIN_PROPERTIES}, empty when it has none or answers badly. */
    public Optional<PinProperties> properties() {
        OptionalInt code = features().controlCode(FeatureTag.IFD_PIN_PROPERTIES);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PinProperties.parse(control.transmit(code.getAsInt(), new byte[0])));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** VERIFY_PIN_DIRECT with {@code s}, for a card whose wrong PIN is ISO's 63Cx. */
    public PinEntryOutcome verify(PinVerifyStructure s) {
        return verify(s, PinEntryOutcome.SW_WRONG_TRIES_ISO);
    }

    /** VERIFY_PIN_DIRECT with {@code s}; a wrong PIN is {@code wrongTriesBase} | tries left. */
    public PinEntryOutcome verify(PinVerifyStructure s, int wrongTriesBase) {
        return run(FeatureTag.VERIFY_PIN_DIRECT, "verification", s.encode(), wrongTriesBase);
    }

    /** MODIFY_PIN_DIRECT with {@code s}, for a card whose wrong PIN is ISO's 63Cx. */
    public PinEntryOutcome modify(PinModifyStructure s) {
        return modify(s, PinEntryOutcome.SW_WRONG_TRIES_ISO);
    }

    /** MODIFY_PIN_DIRECT with {@code s}; a wrong PIN is {@code wrongTriesBase} | tries left. */
    public PinEntryOutcome modify(PinModifyStructure s, int wrongTriesBase) {
        return run(FeatureTag.MODIFY_PIN_DIRECT, "change", s.encode(), wrongTriesBase);
    }

    private PinEntryOutcome run(FeatureTag feature, String what, byte[] structure, int wrongTriesBase) {
        OptionalInt code = features().controlCode(feature);
        if (code.isEmpty()) {
            throw new PinPadException("reader '" + reader + "' has no pinpad for PIN " + what + " (no FEATURE_" + feature
                    + "): use another PIN source (pass:, env:, file: or stdin)");
        }
        byte[] answer;
        try {
            answer = control.transmit(code.getAsInt(), structure);
        } catch (Exception e) {
            throw new PinPadException("reader '" + reader + "' failed the pinpad PIN " + what + ": " + oneLine(e), e);
        }
        try {
            return PinEntryOutcome.of(answer, wrongTriesBase);
        } catch (Part10FormatException e) {
            throw new PinPadException("reader '" + reader + "' answered the pinpad PIN " + what + " badly: " + e.getMessage(), e);
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
