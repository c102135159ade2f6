package org.secfunet.pcsc.part10;

/** Little-endian packing and range checks of the part 10 structures (no I/O). */
final class Bytes {
    private Bytes() {
    }

    static void checkByte(String field, int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException(field + " " + v + " is not a byte: use 0-255");
        }
    }

    static void checkWord(String field, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(field + " " + v + " is not 16 bits: use 0-65535");
        }
    }

    static void putWord(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    static void putLong(byte[] b, int at, int v) {
        putWord(b, at, v);
        putWord(b, at + 2, v >>> 16);
    }

    static int word(byte[] b, int at) {
        return b[at] & 0xFF | (b[at + 1] & 0xFF) << 8;
    }

    static long dword(byte[] b, int at) {
        return (word(b, at) | (long) word(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
