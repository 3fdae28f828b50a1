package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits SOQL into tokens, keeping each token's column for Salesforce-style error messages. */
final class SoqlLexer {

    enum Kind { IDENT, STRING, NUMBER, DATE, DATETIME, SYMBOL, EOF }

    record Token(Kind kind, String text, Object value, int column) {
        boolean is(String keyword) {
            return (kind == Kind.IDENT || kind == Kind.SYMBOL) && text.equalsIgnoreCase(keyword);
        }
    }

    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![\\dT])");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private SoqlLexer() {
    }

    static List<Token> tokenize(String soql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                i = string(soql, i, tokens);
            } else if (Character.isDigit(c) || (c == '-' || c == '+') && i + 1 < soql.length() && Character.isDigit(soql.charAt(i + 1))) {
                i = numberOrDate(soql, i, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < soql.length() && (Character.isLetterOrDigit(soql.charAt(i)) || soql.charAt(i) == '_' || soql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, soql.substring(start, i), null, start + 1));
            } else {
                String two = i + 1 < soql.length() ? soql.substring(i, i + 2) : "";
                String symbol = two.equals("!=") || two.equals("<>") || two.equals("<=") || two.equals(">=") ? two : String.valueOf(c);
                if ("=<>!(),:".indexOf(symbol.charAt(0)) < 0) {
                    throw SoqlException.malformed(soql, i + 1, "unexpected token: '" + symbol + "'");
                }
                tokens.add(new Token(Kind.SYMBOL, symbol.equals("<>") ? "!=" : symbol, null, i + 1));
                i += symbol.length();
            }
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", null, soql.length() + 1));
        return tokens;
    }

    private static int string(String soql, int start, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\\' && i + 1 < soql.length()) {
                char next = soql.charAt(i + 1);
                value.append(switch (next) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    // LIKE keeps \% and \_ escaped so the pattern can tell them from wildcards
                    case '%', '_' -> "\\" + next;
                    default -> String.valueOf(next);
                });
                i += 2;
            } else if (c == '\'') {
                tokens.add(new Token(Kind.STRING, soql.substring(start, i + 1), value.toString(), start + 1));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw SoqlException.malformed(soql, start + 1, "line 1:" + start + " mismatched character '<EOF>' expecting '''");
    }

    private static int numberOrDate(String soql, int start, List<Token> tokens) {
        String rest = soql.substring(start);
        Matcher datetime = DATETIME.matcher(rest);
        if (datetime.lookingAt()) {
            tokens.add(new Token(Kind.DATETIME, datetime.group(), SalesforceTime.parseDateTime(datetime.group()), start + 1));
            return start + datetime.end();
        }
        Matcher date = DATE.matcher(rest);
        if (date.lookingAt()) {
            tokens.add(new Token(Kind.DATE, date.group(), date.group(), start + 1));
            return start + date.end();
        }
        int sign = rest.charAt(0) == '-' || rest.charAt(0) == '+' ? 1 : 0;
        Matcher number = NUMBER.matcher(rest.substring(sign));
        number.lookingAt();
        String text = rest.substring(0, sign + number.end());
        tokens.add(new Token(Kind.NUMBER, text, Double.parseDouble(text), start + 1));
        return start + text.length();
    }
}
