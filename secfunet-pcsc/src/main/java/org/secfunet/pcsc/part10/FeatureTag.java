package org.secfunet.pcsc.part10;

/**
 * The feature tags a reader lists in its {@code CM_IOCTL_GET_FEATURE_REQUEST} answer: the one
 * catalogue of them, each with its reference in PC/SC part 10 v2.02 ("Interoperability
 * Specification for ICCs and Personal Computer Systems, Part 10: IFDs with Secure PIN Entry
 * Capabilities"), §2.3 "Feature tags" unless noted, mirrored by pcsc-lite's {@code reader.h}.
 */
public enum FeatureTag {
    /** 0x01, §2.3: start of a PIN verification (PIN_VERIFY_STRUCTURE, §2.5.2). */
    VERIFY_PIN_START(0x01),
    /** 0x02, §2.3: finish of a PIN verification started with {@link #VERIFY_PIN_START}. */
    VERIFY_PIN_FINISH(0x02),
    /** 0x03, §2.3: start of a PIN modification (PIN_MODIFY_STRUCTURE, §2.5.3). */
    MODIFY_PIN_START(0x03),
    /** 0x04, §2.3: finish of a PIN modification started with {@link #MODIFY_PIN_START}. */
    MODIFY_PIN_FINISH(0x04),
    /** 0x05, §2.3: the key the user pressed during a started PIN entry. */
    GET_KEY_PRESSED(0x05),
    /** 0x06, §2.3 and §2.5.2: PIN verification in one call (PIN_VERIFY_STRUCTURE). */
    VERIFY_PIN_DIRECT(0x06),
    /** 0x07, §2.3 and §2.5.3: PIN modification in one call (PIN_MODIFY_STRUCTURE). */
    MODIFY_PIN_DIRECT(0x07),
    /** 0x08, §2.3 and §2.5.7: MCT (MKT, German card terminal) reader-direct commands. */
    MCT_READER_DIRECT(0x08),
    /** 0x09, §2.3 and §2.5.8: MCT universal commands. */
    MCT_UNIVERSAL(0x09),
    /** 0x0A, §2.3 and §2.5.6: the reader's PIN entry properties (PIN_PROPERTIES_STRUCTURE). */
    IFD_PIN_PROPERTIES(0x0A),
    /** 0x0B, §2.3: abort of a started PIN entry. */
    ABORT(0x0B),
    /** 0x0C, §2.3: the messages the reader's display shows during PIN entry. */
    SET_SPE_MESSAGE(0x0C),
    /** 0x0D, §2.3: {@link #VERIFY_PIN_DIRECT} naming the card application. */
    VERIFY_PIN_DIRECT_APP_ID(0x0D),
    /** 0x0E, §2.3: {@link #MODIFY_PIN_DIRECT} naming the card application. */
    MODIFY_PIN_DIRECT_APP_ID(0x0E),
    /** 0x0F, §2.3: text on the reader's display. */
    WRITE_DISPLAY(0x0F),
    /** 0x10, §2.3: one key from the reader's keypad. */
    GET_KEY(0x10),
    /** 0x11, §2.3: the reader's display properties. */
    IFD_DISPLAY_PROPERTIES(0x11),
    /** 0x12, §2.3 and §2.6.14: the reader's properties as TLVs ({@link TlvProperties}). */
    GET_TLV_PROPERTIES(0x12),
    /** 0x13, §2.3: a CCID escape command to the reader. */
    CCID_ESC_COMMAND(0x13);

    private final int tag;

    FeatureTag(int tag) {
        this.tag = tag;
    }

    /** The tag byte on the wire. */
    public int tag() {
        return tag;
    }

    /** The feature with this tag byte, or null for a tag this catalogue does not name. */
    public static FeatureTag of(int tag) {
        for (FeatureTag f : values()) {
            if (f.tag == tag) {
                return f;
            }
        }
        return null;
    }
}
