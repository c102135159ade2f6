package org.secfunet.grid.racs;

import java.util.List;
import org.secfunet.apdu.ApduFormatException;
import org.secfunet.apdu.CommandApdu;
import org.secfunet.apdu.StatusWord;
import org.secfunet.grid.racs.RacsStatus.Kind;

/**
 * One APDU line's way to the card through the SE's firewall. The command's header must pass the
 * rules (as must a {@code FETCH=} header) and it must be a well-formed ISO/IEC 7816-4 command
 * (short or extended). A part of an ISO command chain is then held: answered {@code 9000}, sent
 * nowhere. The command that ends the chain must have its header; the reassembled command is
 * judged whole (rules and AID allowlist) and only then do the held parts and the last one go to
 * the card, in order. Any refusal drops the open chain. A refused command takes no lock.
 */
final class ApduGate {
    /** What became of the line: refused (with the status class to answer), or the card's answer. */
    sealed interface Outcome {
    }

    record Refused(Kind kind, String why) implements Outcome {
    }

    record Answered(ApduExchange.Result result) implements Outcome {
    }

    private static final byte[] HELD = {(byte) (StatusWord.OK >>> 8), (byte) StatusWord.OK};

    private ApduGate() {
    }

    /** Judges and (unless refused) runs {@code raw} on the SE; {@code fetching}: the line has MORE=. */
    static Outcome pass(SecureElement.Access a, ApduFirewall fw, byte[] raw, ApduExchange.Options options, boolean fetching) {
        CommandChain chain = a.chain();
        String why = fw.ruleRefusal(raw);
        if (why == null && fetching) {
            why = fw.followUpRefusal(options.fetchHeader());
        }
        if (why != null) {
            chain.clear();
            return new Refused(Kind.UNAUTHORISED, why);
        }
        CommandApdu c;
        try {
            c = CommandApdu.parse(raw);
        } catch (ApduFormatException e) {
            chain.clear();
            return new Refused(Kind.BAD_VALUE, "not a well-formed command APDU: " + e.getMessage());
        }
        why = chain.refusalOf(c);
        if (why != null) {
            chain.clear();
            return new Refused(Kind.UNAUTHORISED, why);
        }
        if (c.isChained()) {
            a.powerOn();
            chain.hold(raw, c);
            return new Answered(new ApduExchange.Result(HELD.clone()));
        }
        CommandApdu whole = chain.complete(c);
        byte[] judged = whole == c ? raw : whole.encode();
        why = fw.refusal(judged, a.allowedAidSelected());
        if (why != null) {
            chain.clear();
            return new Refused(Kind.UNAUTHORISED, why);
        }
        List<byte[]> held = chain.take();
        a.powerOn();
        ApduExchange.Result r = ApduExchange.run(a.transport(), held, raw, options);
        if (fw.hasAidList() && ApduFirewall.isSelectByAid(judged)) {
            a.allowedAidSelected(ApduFirewall.selectSucceeded(r.sw()));
        }
        return new Answered(r);
    }
}
