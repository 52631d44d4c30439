package dev.wayfinder.provider.rfc2136;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * TSIG with a GSS-API MIC instead of an HMAC (RFC 3645 over RFC 8945): signs a request's wire form
 * and verifies an answer's raw bytes. The digest input is the same as for HMAC TSIG; only the MAC
 * differs, which is why dnsjava's {@link TSIG} (which verifies by recomputing) cannot be reused.
 */
final class GssTsig {

    static final Duration FUDGE = Duration.ofSeconds(300);

    private GssTsig() {
    }

    /** A signed request: its wire bytes and the MAC the answer's signature chains to. */
    record Signed(byte[] wire, byte[] mac) {
    }

    static Signed sign(Message message, Name keyName, GSSContext context, Instant now) throws GSSException {
        byte[] body = message.toWire();
        Instant signed = Instant.ofEpochSecond(now.getEpochSecond());
        ByteArrayOutputStream digest = new ByteArrayOutputStream();
        digest.writeBytes(body);
        variables(digest, keyName, signed, 0, new byte[0]);
        byte[] mic = context.getMIC(digest.toByteArray(), 0, digest.size(), new MessageProp(0, false));
        TSIGRecord tsig = new TSIGRecord(keyName, DClass.ANY, 0, TSIG.GSS_TSIG, signed, FUDGE, mic,
                message.getHeader().getID(), 0, null);
        byte[] rr = tsig.toWire(Section.ADDITIONAL);
        byte[] out = new byte[body.length + rr.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(rr, 0, out, body.length, rr.length);
        int arcount = ((out[10] & 0xff) << 8 | (out[11] & 0xff)) + 1;
        out[10] = (byte) (arcount >> 8);
        out[11] = (byte) arcount;
        return new Signed(out, mic);
    }

    /**
     * Verifies the TSIG at the end of an answer's raw bytes against the request's MAC; throws an
     * {@link IOException} saying why when the answer is unsigned or the MIC does not verify.
     */
    static void verify(byte[] answer, byte[] requestMac, GSSContext context) throws IOException {
        Message parsed = new Message(answer);
        TSIGRecord tsig = parsed.getTSIG();
        if (tsig == null) {
            throw new IOException("the answer is not signed (GSS-TSIG expected)");
        }
        if (tsig.getError() != 0) {
            throw new IOException("the server reports TSIG error " + org.xbill.DNS.Rcode.TSIGstring(tsig.getError()));
        }
        byte[] rr = tsig.toWire(Section.ADDITIONAL);
        int start = answer.length - rr.length;
        byte[] body = java.util.Arrays.copyOf(answer, start);
        int arcount = ((body[10] & 0xff) << 8 | (body[11] & 0xff)) - 1;
        body[10] = (byte) (arcount >> 8);
        body[11] = (byte) arcount;
        body[0] = (byte) (tsig.getOriginalID() >> 8);
        body[1] = (byte) tsig.getOriginalID();
        ByteArrayOutputStream digest = new ByteArrayOutputStream();
        digest.write(requestMac.length >> 8);
        digest.write(requestMac.length);
        digest.writeBytes(requestMac);
        digest.writeBytes(body);
        variables(digest, tsig.getName(), tsig.getTimeSigned(), tsig.getError(), tsig.getOther() == null ? new byte[0] : tsig.getOther());
        try {
            context.verifyMIC(tsig.getSignature(), 0, tsig.getSignature().length, digest.toByteArray(), 0, digest.size(),
                    new MessageProp(0, false));
        } catch (GSSException e) {
            throw new IOException("the answer's GSS-TSIG signature does not verify: " + e.getMessage(), e);
        }
    }

    /** The TSIG variables of RFC 8945 §4.3.3, in wire form. */
    private static void variables(ByteArrayOutputStream out, Name keyName, Instant signed, int error, byte[] other) {
        out.writeBytes(keyName.toWireCanonical());
        out.write(DClass.ANY >> 8);
        out.write(DClass.ANY);
        out.writeBytes(new byte[4]); // TTL 0
        out.writeBytes(TSIG.GSS_TSIG.toWireCanonical());
        long t = signed.getEpochSecond();
        for (int shift = 40; shift >= 0; shift -= 8) {
            out.write((int) (t >> shift));
        }
        out.write((int) FUDGE.getSeconds() >> 8);
        out.write((int) FUDGE.getSeconds());
        out.write(error >> 8);
        out.write(error);
        out.write(other.length >> 8);
        out.write(other.length);
        out.writeBytes(other);
    }

}
