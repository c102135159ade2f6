package org.secfunet.pcsc.part10;

/**
 * The tags of a {@code FEATURE_GET_TLV_PROPERTIES} answer (PC/SC part 10 v2.02 §2.6.14, pcsc-lite
 * {@code reader.h} {@code PCSCv2_PART10_PROPERTY_*}); the value of each is little endian, of the
 * size its Hungarian prefix says ({@code b} 1, {@code w} 2, {@code dw} 4 bytes, {@code s} text).
 */
public enum TlvProperty {
    wLcdLayout(1), bEntryValidationCondition(2), bTimeOut2(3), wLcdMaxCharacters(4), wLcdMaxLines(5),
    bMinPINSize(6), bMaxPINSize(7), sFirmwareID(8), bPPDUSupport(9),
    /** The largest command data the reader carries in one APDU; 0: short APDUs only. */
    dwMaxAPDUDataSize(10),
    wIdVendor(11), wIdProduct(12);

    private final int tag;

    TlvProperty(int tag) {
        this.tag = tag;
    }

    /** The tag byte on the wire. */
    public int tag() {
        return tag;
    }

    /** The property with this tag byte, or null for one this catalogue does not name. */
    public static TlvProperty of(int tag) {
        for (TlvProperty p : values()) {
            if (p.tag == tag) {
                return p;
            }
        }
        return null;
    }
}
