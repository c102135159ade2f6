package org.secfunet.pcsc.part10;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Asks a reader how much command data one APDU may carry: {@code CM_IOCTL_GET_FEATURE_REQUEST},
 * then {@code FEATURE_GET_TLV_PROPERTIES} when listed, then {@code dwMaxAPDUDataSize} (PC/SC part
 * 10 v2.02 §2.2, §2.6.14). Two control calls at most. {@link #discover} tells a reader that does
 * not say ({@link #UNKNOWN}) from one that says short; {@link #maxCommandData} folds both into
 * {@link #SHORT}. Never throws.
 */
public final class ApduSizeDiscovery {
    /** Short APDUs: 255 bytes of command data. */
    public static final int SHORT = 255;
    /** Extended APDUs: 65535 bytes of command data (ISO 7816-4). */
    public static final int EXTENDED = 65535;
    /**
     * The reader did not say: it refused or answered nothing to the feature request (Debian's vpcd
     * 3.3, which has no {@code IFDHControl}: pcscd answers {@code SCARD_E_UNSUPPORTED_FEATURE}),
     * lists no {@code FEATURE_GET_TLV_PROPERTIES}, or gives TLV properties without
     * {@code dwMaxAPDUDataSize}. Not a limit: the path may carry short APDUs only, or more.
     */
    public static final int UNKNOWN = -1;

    /** One {@code SCardControl} call (javax.smartcardio {@code Card.transmitControlCommand}). */
    @FunctionalInterface
    public interface Control {
        byte[] transmit(int controlCode, byte[] command) throws Exception;
    }

    private ApduSizeDiscovery() {
    }

    /** The largest command data the reader behind {@code control} carries: {@link #SHORT} up to {@link #EXTENDED}; short when it does not say. */
    public static int maxCommandData(Control control) {
        int n = discover(control);
        return n == UNKNOWN ? SHORT : n;
    }

    /**
     * What the reader behind {@code control} says it carries: {@link #SHORT} up to {@link #EXTENDED},
     * or {@link #UNKNOWN} when it does not say. A reader that lists the TLV properties feature and
     * then refuses it, or sends bytes that do not parse, is {@link #SHORT}: it answered, badly.
     */
    public static int discover(Control control) {
        byte[] answer;
        try {
            answer = control.transmit(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]);
        } catch (Exception | LinkageError e) {
            return UNKNOWN; // no part 10 in the driver (or none in the middleware): it cannot say
        }
        if (answer == null || answer.length == 0) {
            return UNKNOWN;
        }
        try {
            OptionalInt code = ReaderFeatures.parse(answer).controlCode(FeatureTag.GET_TLV_PROPERTIES);
            if (code.isEmpty()) {
                return UNKNOWN;
            }
            OptionalLong size = TlvProperties.parse(control.transmit(code.getAsInt(), new byte[0])).number(TlvProperty.dwMaxAPDUDataSize);
            return size.isEmpty() ? UNKNOWN : fromDataSize(size.getAsLong());
        } catch (Exception | LinkageError e) {
            return SHORT; // a reader that answers badly is a short-APDU reader
        }
    }

    /** dwMaxAPDUDataSize as a command data limit: 0 (or anything up to 255) short, else capped at 65535. */
    public static int fromDataSize(long dwMaxApduDataSize) {
        return dwMaxApduDataSize <= SHORT ? SHORT : (int) Math.min(dwMaxApduDataSize, EXTENDED);
    }
}
