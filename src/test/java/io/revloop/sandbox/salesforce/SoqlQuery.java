package io.revloop.sandbox.salesforce;

import java.util.List;

/** The parsed form of a SOQL statement. */
record SoqlQuery(List<Item> select, String from, int fromColumn, Expr where, List<Order> orderBy, Integer limit,
        Integer offset, boolean count) {

    sealed interface Item permits Field, SubQuery {
    }

    /** A field path such as {@code Name} or {@code Account.Owner.Name}. */
    record Field(String path, int column) implements Item {
    }

    record SubQuery(SoqlQuery query) implements Item {
    }

    sealed interface Expr permits And, Or, Not, Compare, In {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    record Not(Expr expr) implements Expr {
    }

    /** {@code op} is one of = != < > <= >= LIKE. */
    record Compare(Field field, String op, Literal value) implements Expr {
    }

    record In(Field field, boolean negated, List<Literal> values) implements Expr {
    }

    enum LiteralKind { STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME, DATE_LITERAL }

    /** A literal; for DATE_LITERAL the value is the name (TODAY, LAST_N_DAYS) and {@code n} its argument. */
    record Literal(LiteralKind kind, Object value, int n, int column) {
    }

    record Order(Field field, boolean descending, boolean nullsFirst) {
    }
}
