package dev.nicpin.rules;

import java.util.ArrayList;
import java.util.List;

/** A word of a rule line and the 1-based column (in characters) where it starts. */
final class Token {
    final String text;
    final int column;

    private Token(String text, int column) {
        this.text = text;
        this.column = column;
    }

    /** The column just after the token, where a missing token would go. */
    int endColumn() {
        return column + text.codePointCount(0, text.length());
    }

    /** The words of a line up to its comment ({@code #} to the end), split on spaces and tabs. */
    static List<Token> split(String line) {
        int end = line.indexOf('#');
        end = end < 0 ? line.length() : end;
        List<Token> tokens = new ArrayList<>(4);
        int column = 1;
        int i = 0;
        while (i < end) {
            if (line.charAt(i) == ' ' || line.charAt(i) == '\t') {
                i++;
                column++;
                continue;
            }
            int start = i;
            while (i < end && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            tokens.add(new Token(line.substring(start, i), column));
            column += line.codePointCount(start, i);
        }
        return tokens;
    }
}
