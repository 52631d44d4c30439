package dev.wayfinder.server.prepared;

import org.xbill.DNS.Type;

/**
 * Which prepared answer of a name a question type takes. The answerer treats every type it has no
 * lookup for alike (the existence probe: NXDOMAIN or NODATA), so all of them share {@link #OTHER}.
 */
final class Slot {

    static final int A = 0;
    static final int AAAA = 1;
    static final int TXT = 2;
    static final int CNAME = 3;
    static final int PTR = 4;
    static final int MX = 5;
    static final int SRV = 6;
    static final int NS = 7;
    static final int SOA = 8;
    static final int OTHER = 9;
    static final int COUNT = 10;

    private Slot() {
    }

    static int of(int qtype) {
        return switch (qtype) {
            case Type.A -> A;
            case Type.AAAA -> AAAA;
            case Type.TXT -> TXT;
            case Type.CNAME -> CNAME;
            case Type.PTR -> PTR;
            case Type.MX -> MX;
            case Type.SRV -> SRV;
            case Type.NS -> NS;
            case Type.SOA -> SOA;
            default -> OTHER;
        };
    }

    /** A question type that takes {@code slot} (HINFO for {@link #OTHER}), to prepare its answer ahead of any question. */
    static int typeOf(int slot) {
        return switch (slot) {
            case A -> Type.A;
            case AAAA -> Type.AAAA;
            case TXT -> Type.TXT;
            case CNAME -> Type.CNAME;
            case PTR -> Type.PTR;
            case MX -> Type.MX;
            case SRV -> Type.SRV;
            case NS -> Type.NS;
            case SOA -> Type.SOA;
            default -> Type.HINFO;
        };
    }
}
