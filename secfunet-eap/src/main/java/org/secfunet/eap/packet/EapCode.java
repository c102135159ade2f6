package org.secfunet.eap.packet;

/** RFC 3748 §4 codes. */
public enum EapCode {
    REQUEST(1), RESPONSE(2), SUCCESS(3), FAILURE(4);

    public final int value;

    EapCode(int value) {
        this.value = value;
    }

    public static EapCode of(int v) {
        for (EapCode c : values()) {
            if (c.value == v) {
                return c;
            }
        }
        throw new EapFormatException("unknown EAP code " + v + " (1 Request, 2 Response, 3 Success, 4 Failure)");
    }
}
