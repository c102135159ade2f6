package org.secfunet.card.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.secfunet.apdu.Hex;

/**
 * The USIM's sequence-number freshness check with an array (TS 33.102 Annex C.2 and C.3.2):
 * SQN = SEQ ‖ IND, IND the low {@value UsimApplet#IND_BITS} bits. A SQN is fresh when
 * SEQ − SEQ_MS ≤ Δ and SEQ_MS − SEQ &lt; L (SEQ_MS: the highest SEQ accepted) and SEQ is above the
 * array element of its IND; accepting it sets that element. So vectors a network sends with
 * different IND values may arrive in any order, while each one is accepted once.
 */
final class SqnArray {
    static final int SIZE = 1 << UsimApplet.IND_BITS;
    private static final long IND_MASK = SIZE - 1;

    private SqnArray() {
    }

    static long seq(long sqn) {
        return sqn >>> UsimApplet.IND_BITS;
    }

    /** The array of a store, or one made from its SQN_MS (every element SEQ_MS: nothing older is fresh). */
    static List<Long> of(SimImage img) {
        if (img.seqArray != null) {
            return img.seqArray;
        }
        return new ArrayList<>(Collections.nCopies(SIZE, seq(UsimApplet.toLong(Hex.decode(img.sqnMs)))));
    }

    static boolean fresh(SimImage img, long sqn) {
        long seqMs = seq(UsimApplet.toLong(Hex.decode(img.sqnMs)));
        long seq = seq(sqn);
        if (seq - seqMs > UsimApplet.SEQ_DELTA || seqMs - seq >= UsimApplet.SEQ_DELTA) {
            return false;
        }
        return seq > of(img).get((int) (sqn & IND_MASK));
    }

    /** The image after accepting {@code sqn}: its element set to SEQ, SQN_MS raised when it is the highest. */
    static SimImage accept(SimImage img, long sqn) {
        SimImage next = img.copy();
        List<Long> array = new ArrayList<>(of(img));
        array.set((int) (sqn & IND_MASK), seq(sqn));
        next.seqArray = array;
        if (sqn > UsimApplet.toLong(Hex.decode(img.sqnMs))) {
            byte[] b = new byte[6];
            for (int i = 5, k = 0; i >= 0; i--, k += 8) {
                b[i] = (byte) (sqn >>> k);
            }
            next.sqnMs = Hex.encode(b);
        }
        return next;
    }
}
