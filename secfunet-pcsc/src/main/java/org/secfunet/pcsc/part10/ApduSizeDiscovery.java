package org.secfunet.pcsc.part10;

import java.util.OptionalInt;

/**
 * Asks a reader how much command data one APDU may carry: {@code CM_IOCTL_GET_FEATURE_REQUEST},
 * then {@code FEATURE_GET_TLV_PROPERTIES} when listed, then {@code dwMaxAPDUDataSize}. Two control
 * calls at most; a reader that answers nothing, refuses a call or sends bytes that do not parse
 * carries short APDUs only. Never throws.
 */
public final class ApduSizeDiscovery {
    /** Short APDUs: 255 bytes of command data. */
    public static final int SHORT = 255;
    /** Extended APDUs: 65535 bytes of command data (ISO 7816-4). */
    public static final int EXTENDED = 65535;

    /** One {@code SCardControl} call (javax.smartcardio {@code Card.transmitControlCommand}). */
    @FunctionalInterface
    public interface Control {
        byte[] transmit(int controlCode, byte[] command) throws Exception;
    }

    private ApduSizeDiscovery() {
    }

    /** The largest command data the reader behind {@code control} carries: {@link #SHORT} up to {@link #EXTENDED}. */
    public static int maxCommandData(Control control) {
        try {
            ReaderFeatures features = ReaderFeatures.parse(control.transmit(ReaderFeatures.CM_IOCTL_GET_FEATURE_REQUEST, new byte[0]));
            OptionalInt code = features.controlCode(FeatureTag.GET_TLV_PROPERTIES);
            if (code.isEmpty()) {
                return SHORT;
            }
            return fromDataSize(TlvProperties.parse(control.transmit(code.getAsInt(), new byte[0])).maxApduDataSize());
        } catch (Exception | LinkageError e) {
            return SHORT; // discovery is advice: a reader that cannot answer is a short-APDU reader
        }
    }

    /** dwMaxAPDUDataSize as a command data limit: 0 (or anything up to 255) short, else capped at 65535. */
    public static int fromDataSize(long dwMaxApduDataSize) {
        return dwMaxApduDataSize <= SHORT ? SHORT : (int) Math.min(dwMaxApduDataSize, EXTENDED);
    }
}
