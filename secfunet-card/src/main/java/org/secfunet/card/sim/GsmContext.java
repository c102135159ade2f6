package org.secfunet.card.sim;

/**
 * The conversion functions of TS 33.102 §6.8.1.2 that give a UMTS subscriber GSM-context answers:
 * c2 turns RES into SRES, c3 turns CK and IK into Kc.
 */
public final class GsmContext {
    private GsmContext() {
    }

    /**
     * SRES (4 bytes) from RES (4 to 16 bytes): RES is padded with zero bytes to 16 bytes and its
     * four 4-byte words are XORed together. For the 8-byte RES of MILENAGE this is
     * RES[0..3] xor RES[4..7].
     */
    public static byte[] c2(byte[] res) {
        if (res == null || res.length < 4 || res.length > 16) {
            throw new IllegalArgumentException("RES must be 4 to 16 bytes");
        }
        byte[] sres = new byte[4];
        for (int i = 0; i < res.length; i++) {
            sres[i % 4] ^= res[i];
        }
        return sres;
    }

    /** Kc (8 bytes) = CK1 xor CK2 xor IK1 xor IK2, CKi and IKi the 8-byte halves of CK and IK. */
    public static byte[] c3(byte[] ck, byte[] ik) {
        if (ck == null || ck.length != 16 || ik == null || ik.length != 16) {
            throw new IllegalArgumentException("CK and IK must be 16 bytes each");
        }
        byte[] kc = new byte[8];
        for (int i = 0; i < 8; i++) {
            kc[i] = (byte) (ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8]);
        }
        return kc;
    }
}
