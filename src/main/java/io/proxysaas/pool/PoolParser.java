package io.proxysaas.pool;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the text of {@code proxy.txt} (SPEC §2) into pool entries and problems; never throws on
 * bad input. Rules beyond the spec, chosen here:
 * <ul>
 * <li>{@code #} at the start of a line, or after a space or tab, starts a comment (so a password
 *     may hold {@code #}, just not right after whitespace).</li>
 * <li>A UTF-8 BOM, CRLF endings and surrounding whitespace are tolerated.</li>
 * <li>Every line that is neither blank nor a comment takes a port, even when it is bad, too long
 *     or holds control characters, so no other line's port ever shifts. A bad pinned port
 *     ({@code 70000 host:1}) cannot be trusted and takes the next port instead.</li>
 * <li>A line whose local port was already taken by an earlier line (good or bad) is a problem.</li>
 * <li>A duplicate upstream is reported as a problem but still binds: an operator may mean it
 *     (rotating upstreams give a different exit per connection).</li>
 * </ul>
 */
public final class PoolParser {

    /** Longer lines are refused unread: no proxy line comes near it, a pasted binary blob does. */
    public static final int MAX_LINE_CHARS = 4096;
    /** Spaces or tabs between a pinned port and the upstream; compiled once (String.split compiled it per line). */
    private static final Pattern FIELD_SEPARATOR = Pattern.compile("[ \t]+");
    private static final int MAX_PORT = 65535;

    public PoolFile parse(String text, int portBase) {
        List<PoolEntry> entries = new ArrayList<>();
        List<PoolProblem> problems = new ArrayList<>();
        BitSet claimed = new BitSet(MAX_PORT + 1);
        Map<Upstream, Integer> firstLineOf = new HashMap<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        long next = portBase;
        int lineNo = 0;
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf('\n', start);
            String raw = body.substring(start, end < 0 ? body.length() : end);
            start = end < 0 ? body.length() + 1 : end + 1;
            lineNo++;
            String line = stripComment(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            Slot slot = slot(line, next);
            next = slot.port + 1;
            String taken = claim(slot.port, portBase, claimed);
            if (taken != null) {
                problems.add(new PoolProblem(lineNo, taken));
                continue;
            }
            try {
                if (slot.problem != null) {
                    throw new UpstreamSpecParser.BadSpec(slot.problem);
                }
                Upstream upstream = UpstreamSpecParser.parse(checkCharacters(slot.spec));
                Integer first = firstLineOf.putIfAbsent(upstream, lineNo);
                if (first != null) {
                    problems.add(new PoolProblem(lineNo, "duplicate of line " + first + " (" + upstream.display()
                            + "); both ports are bound"));
                }
                entries.add(new PoolEntry((int) slot.port, lineNo, upstream));
            } catch (UpstreamSpecParser.BadSpec bad) {
                problems.add(new PoolProblem(lineNo, bad.getMessage() + "; port " + slot.port + " left unbound"));
            }
        }
        return new PoolFile(entries, problems);
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The port this line takes and the upstream text after an optional pinned port. */
    private record Slot(long port, String spec, String problem) {
    }

    private static Slot slot(String line, long next) {
        if (line.length() > MAX_LINE_CHARS) {
            return new Slot(next, null, "line is " + line.length() + " characters long (at most " + MAX_LINE_CHARS + ")");
        }
        String[] fields = FIELD_SEPARATOR.split(line);
        if (fields.length > 2) {
            return new Slot(next, null, "expected [local-port] [scheme://][user:pass@]host:port, found "
                    + fields.length + " fields separated by spaces");
        }
        boolean pinned = fields[0].chars().allMatch(c -> c >= '0' && c <= '9');
        if (!pinned) {
            return fields.length == 1 ? new Slot(next, line, null)
                    : new Slot(next, null, "expected a local port number before the upstream, found 2 fields"
                    + " (the first is not a number)");
        }
        if (fields[0].length() > 5 || Integer.parseInt(fields[0]) < 1 || Integer.parseInt(fields[0]) > MAX_PORT) {
            return new Slot(next, null, "pinned port " + UpstreamSpecParser.printable(fields[0]) + " out of range 1-65535");
        }
        int port = Integer.parseInt(fields[0]);
        return fields.length == 2 ? new Slot(port, fields[1], null)
                : new Slot(port, null, "pinned port " + port + " without an upstream");
    }

    /** Null when the port is free (and now claimed), else the reason the line cannot have it. */
    private static String claim(long port, int portBase, BitSet claimed) {
        if (port > MAX_PORT) {
            return "local port " + port + " is above 65535 (too many lines after port base " + portBase
                    + " or the last pinned port)";
        }
        if (claimed.get((int) port)) {
            return "local port " + port + " is already taken by an earlier line";
        }
        claimed.set((int) port);
        return null;
    }

    private static String checkCharacters(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new UpstreamSpecParser.BadSpec(String.format("control character \\x%02x at column %d", (int) c, i + 1));
            }
            if (c == '\uFFFD') {
                throw new UpstreamSpecParser.BadSpec("invalid UTF-8 at column " + (i + 1));
            }
        }
        return spec;
    }
}
