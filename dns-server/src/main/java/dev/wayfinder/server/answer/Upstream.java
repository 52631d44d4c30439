package dev.wayfinder.server.answer;

import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;

/**
 * Where out-of-zone CNAME, SRV and MX targets are resolved. CoreDNS keeps a CNAME (and appends
 * the answer records) whenever this returns any message, even an NXDOMAIN; it drops the CNAME
 * when the lookup fails, which is what {@link #NONE} always does.
 */
public interface Upstream {

    /** Resolves out-of-zone names nowhere: {@code --upstream none}, as CoreDNS's own plugin tests run. */
    Upstream NONE = (name, type) -> Optional.empty();

    /** The reply for {@code name}/{@code type}, or empty when the lookup failed. */
    Optional<Message> lookup(Name name, int type);
}
