package dev.nicpin.rules;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of a rule file: {@code DESTINATION [proto=tcp|udp] [port=N|N-M] ACTION...}.
 * Qualifiers and actions may come in any order after the destination. Every bad token of a line is
 * reported, not just the first.
 */
final class LineParser {
    private final String file;
    private final int line;
    private final List<RuleError> errors;
    private final Map<Object, Object> canonical;
    private final Map<Keyword, Token> seen = new EnumMap<>(Keyword.class);
    private final List<Token> actions = new ArrayList<>(2);
    private boolean unrecognized; // a misspelt action would make "no action" noise
    private Protocol protocol;
    private int ports;
    private String device;
    private long mark = Rule.NO_MARK;
    private InetAddress source;

    /** @param canonical shared by a file's lines: one String per interface name, one InetAddress per source */
    LineParser(String file, int line, List<RuleError> errors, Map<Object, Object> canonical) {
        this.file = file;
        this.line = line;
        this.errors = errors;
        this.canonical = canonical;
    }

    /** The rule on the line, or null for a line without one: blank, a comment, or in error (reported). */
    Rule parse(String text) {
        List<Token> tokens = Token.split(text);
        if (tokens.isEmpty()) {
            return null;
        }
        int errorsBefore = errors.size();
        Prefix destination = destination(tokens.get(0));
        for (Token token : tokens.subList(1, tokens.size())) {
            accept(token);
        }
        checkActions(tokens.get(tokens.size() - 1));
        if (destination != null && source != null && destination.isIpv4() != source instanceof Inet4Address) {
            String family = destination.isIpv4() ? "IPv4" : "IPv6";
            Token token = seen.get(Keyword.SRC);
            error(token.column, "expected an " + family + " source for an " + family + " destination, found "
                    + Found.text(token.text));
        }
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new Rule(file, line, destination, protocol, ports >>> 16, ports & 0xFFFF, device, mark, source,
                seen.containsKey(Keyword.DIRECT));
    }

    private Prefix destination(Token token) {
        if (token.text.indexOf('=') >= 0 || token.text.equals("direct")) {
            unrecognized = true;
            error(token.column, "expected a destination address or CIDR first, found " + Found.text(token.text));
            return null;
        }
        try {
            return TokenValues.destination(token.text);
        } catch (IllegalArgumentException e) {
            error(token.column, e.getMessage());
            return null;
        }
    }

    private void accept(Token token) {
        int equals = token.text.indexOf('=');
        Keyword keyword = Keyword.named(equals < 0 ? token.text : token.text.substring(0, equals));
        String value = equals < 0 ? null : token.text.substring(equals + 1);
        if (keyword == null) {
            unrecognized = true;
            error(token.column, "expected " + Keyword.ALL + ", found " + Found.text(token.text));
            return;
        }
        Token previous = seen.get(keyword);
        if (previous != null) {
            error(token.column, "expected at most one " + keyword + " per rule, found another "
                    + Found.text(token.text) + " (the first is at column " + previous.column + ")");
            return;
        }
        seen.put(keyword, token);
        if (keyword.isAction()) {
            actions.add(token);
        }
        if (keyword.hasValue() != (value != null)) {
            error(token.column, "expected " + (keyword.hasValue() ? keyword.usage() : "direct without a value")
                    + ", found " + Found.text(token.text));
            return;
        }
        try {
            accept(keyword, token.text, value);
        } catch (IllegalArgumentException e) {
            error(token.column, e.getMessage());
        }
    }

    private void accept(Keyword keyword, String token, String value) {
        switch (keyword) {
            case PROTO:
                protocol = TokenValues.protocol(token, value);
                break;
            case PORT:
                ports = TokenValues.portRange(token, value);
                break;
            case DEV:
                device = canonical(TokenValues.device(token, value));
                break;
            case MARK:
                mark = TokenValues.mark(token, value);
                break;
            case SRC:
                source = canonical(TokenValues.source(token, value));
                break;
            default: // direct: seen is all it takes
                break;
        }
    }

    /** At least one action, and direct alone. */
    private void checkActions(Token last) {
        Token direct = seen.get(Keyword.DIRECT);
        if (actions.isEmpty() && !unrecognized) {
            error(last.endColumn(), "expected an action (dev=, mark=, src= or direct), found end of line");
        } else if (direct != null && actions.size() > 1) {
            Token other = actions.get(actions.get(0) == direct ? 1 : 0);
            error(direct.column, "expected direct alone (it leaves the connection to the OS), found it with "
                    + Found.text(other.text));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T canonical(T value) {
        Object known = canonical.putIfAbsent(value, value);
        return known == null ? value : (T) known;
    }

    private void error(int column, String message) {
        errors.add(new RuleError(file, line, column, message));
    }
}
