package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.revloop.sandbox.salesforce.SoqlLexer.Kind;
import io.revloop.sandbox.salesforce.SoqlLexer.Token;
import io.revloop.sandbox.salesforce.SoqlQuery.Literal;
import io.revloop.sandbox.salesforce.SoqlQuery.LiteralKind;

/** Recursive-descent parser for the SOQL subset: SELECT, one level of child subquery, WHERE, ORDER BY, LIMIT, OFFSET. */
final class SoqlParser {

    private static final Set<String> DATE_LITERALS = Set.of("TODAY", "YESTERDAY", "TOMORROW", "LAST_N_DAYS", "NEXT_N_DAYS",
            "THIS_MONTH", "LAST_MONTH", "NEXT_MONTH", "THIS_YEAR");
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "OFFSET",
            "AND", "OR", "NOT", "IN", "LIKE", "ASC", "DESC", "NULLS", "FIRST", "LAST", "NULL", "TRUE", "FALSE");

    private final String soql;
    private final List<Token> tokens;
    private int pos;

    private SoqlParser(String soql) {
        this.soql = soql;
        this.tokens = SoqlLexer.tokenize(soql);
    }

    static SoqlQuery parse(String soql) {
        SoqlParser parser = new SoqlParser(soql);
        SoqlQuery query = parser.query(false);
        parser.expectEof();
        return query;
    }

    private SoqlQuery query(boolean nested) {
        expect("SELECT");
        List<SoqlQuery.Item> select = new ArrayList<>();
        boolean count = false;
        if (peek().is("COUNT") && tokens.get(pos + 1).is("(")) {
            next();
            next();
            expect(")");
            count = true;
        } else {
            do {
                if (peek().is("(")) {
                    if (nested) {
                        throw unexpected(peek());
                    }
                    next();
                    select.add(new SoqlQuery.SubQuery(query(true)));
                    expect(")");
                } else {
                    select.add(field());
                }
            } while (accept(","));
        }
        expect("FROM");
        Token from = identifier();
        SoqlQuery.Expr where = null;
        if (accept("WHERE")) {
            where = or();
        }
        List<SoqlQuery.Order> orderBy = new ArrayList<>();
        if (accept("ORDER")) {
            expect("BY");
            do {
                SoqlQuery.Field field = field();
                boolean descending = accept("DESC");
                if (!descending) {
                    accept("ASC");
                }
                boolean nullsFirst = !descending;
                if (accept("NULLS")) {
                    if (accept("LAST")) {
                        nullsFirst = false;
                    } else {
                        expect("FIRST");
                        nullsFirst = true;
                    }
                }
                orderBy.add(new SoqlQuery.Order(field, descending, nullsFirst));
            } while (accept(","));
        }
        Integer limit = accept("LIMIT") ? integer() : null;
        Integer offset = accept("OFFSET") ? integer() : null;
        return new SoqlQuery(select, from.text(), from.column(), where, orderBy, limit, offset, count);
    }

    private SoqlQuery.Expr or() {
        SoqlQuery.Expr left = and();
        while (accept("OR")) {
            left = new SoqlQuery.Or(left, and());
        }
        return left;
    }

    private SoqlQuery.Expr and() {
        SoqlQuery.Expr left = unary();
        while (accept("AND")) {
            left = new SoqlQuery.And(left, unary());
        }
        return left;
    }

    private SoqlQuery.Expr unary() {
        if (accept("NOT")) {
            return new SoqlQuery.Not(unary());
        }
        if (accept("(")) {
            SoqlQuery.Expr inner = or();
            expect(")");
            return inner;
        }
        SoqlQuery.Field field = field();
        if (accept("NOT")) {
            expect("IN");
            return new SoqlQuery.In(field, true, list());
        }
        if (accept("IN")) {
            return new SoqlQuery.In(field, false, list());
        }
        Token op = next();
        if (!(op.is("=") || op.is("!=") || op.is("<") || op.is(">") || op.is("<=") || op.is(">=") || op.is("LIKE"))) {
            throw unexpected(op);
        }
        return new SoqlQuery.Compare(field, op.kind() == Kind.IDENT ? "LIKE" : op.text(), literal());
    }

    private List<Literal> list() {
        expect("(");
        List<Literal> values = new ArrayList<>();
        do {
            values.add(literal());
        } while (accept(","));
        expect(")");
        return values;
    }

    private Literal literal() {
        Token t = next();
        return switch (t.kind()) {
            case STRING -> new Literal(LiteralKind.STRING, t.value(), 0, t.column());
            case NUMBER -> new Literal(LiteralKind.NUMBER, t.value(), 0, t.column());
            case DATE -> new Literal(LiteralKind.DATE, t.value(), 0, t.column());
            case DATETIME -> new Literal(LiteralKind.DATETIME, t.value(), 0, t.column());
            case IDENT -> identLiteral(t);
            default -> throw unexpected(t);
        };
    }

    private Literal identLiteral(Token t) {
        String upper = t.text().toUpperCase();
        if (upper.equals("NULL")) {
            return new Literal(LiteralKind.NULL, null, 0, t.column());
        }
        if (upper.equals("TRUE") || upper.equals("FALSE")) {
            return new Literal(LiteralKind.BOOLEAN, Boolean.valueOf(upper.equals("TRUE")), 0, t.column());
        }
        if (DATE_LITERALS.contains(upper)) {
            int n = 0;
            if (upper.endsWith("_N_DAYS")) {
                expect(":");
                n = integer();
            }
            return new Literal(LiteralKind.DATE_LITERAL, upper, n, t.column());
        }
        throw unexpected(t);
    }

    private SoqlQuery.Field field() {
        Token t = identifier();
        return new SoqlQuery.Field(t.text(), t.column());
    }

    private Token identifier() {
        Token t = next();
        if (t.kind() != Kind.IDENT || RESERVED.contains(t.text().toUpperCase())) {
            throw unexpected(t);
        }
        return t;
    }

    private int integer() {
        Token t = next();
        if (t.kind() != Kind.NUMBER || t.text().contains(".") || t.text().startsWith("-")) {
            throw unexpected(t);
        }
        return Integer.parseInt(t.text());
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean accept(String keyword) {
        if (peek().is(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        if (!accept(keyword)) {
            throw unexpected(peek());
        }
    }

    private void expectEof() {
        if (peek().kind() != Kind.EOF) {
            throw unexpected(peek());
        }
    }

    private ApiException unexpected(Token t) {
        return SoqlException.malformed(soql, t.column(), "unexpected token: '" + t.text() + "'");
    }
}
