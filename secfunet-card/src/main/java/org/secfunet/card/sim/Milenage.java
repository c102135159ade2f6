package org.secfunet.card.sim;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 3GPP MILENAGE authentication and key generation functions (TS 35.206) with AES-128 as the
 * kernel E_K and the default constants c1..c5 / r1..r5 of the specification.
 *
 * <pre>
 * TEMP  = E_K(RAND xor OPc)
 * OUT1  = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc     IN1 = SQN||AMF||SQN||AMF
 * OUTi  = E_K(rot(TEMP xor OPc, ri) xor ci) xor OPc             i = 2..5
 * f1 = OUT1[0..7]  f1* = OUT1[8..15]  f2 = OUT2[8..15]  f5 = OUT2[0..5]
 * f3 = OUT3        f4 = OUT4          f5* = OUT5[0..5]
 * </pre>
 *
 * Instances are immutable apart from the cipher, which is used under the instance lock.
 */
public final class Milenage {
    /** RES, CK, IK and AK for one RAND. */
    public record Output(byte[] res, byte[] ck, byte[] ik, byte[] ak) {
    }

    // r1..r5 in bits and the last byte of c1..c5 (all other constant bytes are zero).
    private static final int R1 = 64;
    private static final int R2 = 0;
    private static final int R3 = 32;
    private static final int R4 = 64;
    private static final int R5 = 96;
    private static final int C1 = 0x00;
    private static final int C2 = 0x01;
    private static final int C3 = 0x02;
    private static final int C4 = 0x04;
    private static final int C5 = 0x08;

    private final byte[] opc;
    private final Cipher aes;

    /** K and OPc, 16 bytes each; both are copied. */
    public Milenage(byte[] k, byte[] opc) {
        requireLength("K", k, 16);
        requireLength("OPc", opc, 16);
        this.opc = opc.clone();
        this.aes = newCipher(k);
    }

    /** OPc = E_K(OP) xor OP. */
    public static byte[] opc(byte[] k, byte[] op) {
        requireLength("K", k, 16);
        requireLength("OP", op, 16);
        byte[] out = encrypt(newCipher(k), op);
        xorInto(out, op);
        return out;
    }

    /** MAC-A (8 bytes) for RAND (16), SQN (6) and AMF (2). */
    public byte[] f1(byte[] rand, byte[] sqn, byte[] amf) {
        return Arrays.copyOfRange(out1(rand, sqn, amf), 0, 8);
    }

    /** MAC-S (8 bytes), the resynchronisation MAC. */
    public byte[] f1star(byte[] rand, byte[] sqn, byte[] amf) {
        return Arrays.copyOfRange(out1(rand, sqn, amf), 8, 16);
    }

    /** f2 (RES, 8 bytes), f3 (CK), f4 (IK) and f5 (AK, 6 bytes) for RAND. */
    public Output f2345(byte[] rand) {
        byte[] temp = temp(rand);
        byte[] out2 = outN(temp, R2, C2);
        byte[] out3 = outN(temp, R3, C3);
        byte[] out4 = outN(temp, R4, C4);
        return new Output(Arrays.copyOfRange(out2, 8, 16), out3, out4, Arrays.copyOfRange(out2, 0, 6));
    }

    /** AK* (6 bytes), the anonymity key of resynchronisation. */
    public byte[] f5star(byte[] rand) {
        return Arrays.copyOfRange(outN(temp(rand), R5, C5), 0, 6);
    }

    private byte[] temp(byte[] rand) {
        requireLength("RAND", rand, 16);
        byte[] in = rand.clone();
        xorInto(in, opc);
        return encryptLocked(in);
    }

    private byte[] out1(byte[] rand, byte[] sqn, byte[] amf) {
        requireLength("SQN", sqn, 6);
        requireLength("AMF", amf, 2);
        byte[] temp = temp(rand);
        byte[] in1 = new byte[16];
        System.arraycopy(sqn, 0, in1, 0, 6);
        System.arraycopy(amf, 0, in1, 6, 2);
        System.arraycopy(in1, 0, in1, 8, 8);
        xorInto(in1, opc);
        byte[] block = rotate(in1, R1);
        xorInto(block, temp);
        block[15] ^= (byte) C1;
        byte[] out = encryptLocked(block);
        xorInto(out, opc);
        return out;
    }

    private byte[] outN(byte[] temp, int r, int c) {
        byte[] x = temp.clone();
        xorInto(x, opc);
        byte[] block = rotate(x, r);
        block[15] ^= (byte) c;
        byte[] out = encryptLocked(block);
        xorInto(out, opc);
        return out;
    }

    /** Cyclic left rotation of a 128-bit block by r bits (r a multiple of 8 here). */
    private static byte[] rotate(byte[] in, int bits) {
        int bytes = bits / 8;
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = in[(i + bytes) % 16];
        }
        return out;
    }

    private synchronized byte[] encryptLocked(byte[] block) {
        return encrypt(aes, block);
    }

    private static byte[] encrypt(Cipher c, byte[] block) {
        try {
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 block encryption failed", e);
        }
    }

    private static Cipher newCipher(byte[] k) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 is not available", e);
        }
    }

    static void xorInto(byte[] target, byte[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= other[i];
        }
    }

    private static void requireLength(String what, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got "
                    + (value == null ? "null" : value.length));
        }
    }
}
