package io.revloop.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.dashjoin.jsonata.Jsonata;

/** One target field of a mapping file, as parsed and compiled. */
final class FieldSpec {

    String name;
    /** Target path with {@code []} for list items, e.g. {@code plans[].tiers[].price}. */
    String path;
    int line;

    String expr;
    int exprLine;
    boolean exprBlock;
    Jsonata compiledExpr;

    String when;
    int whenLine;
    boolean whenBlock;
    Jsonata compiledWhen;

    String each;
    int eachLine;
    boolean eachBlock;
    Jsonata compiledEach;

    boolean hasDefault;
    Object defaultValue;

    String owner;
    String typeName;
    boolean required;
    /** Had structural errors already reported; spares the reader follow-up errors. */
    boolean malformed;

    /** Nested fields: one object per {@code each} item, or one nested object when there is no {@code each}. */
    List<FieldSpec> fields;

    // Filled in by validation
    Kind kind = Kind.ANY;
    /** Source object of the {@code each} items, for messages (e.g. OpportunityLineItem). */
    String itemObject;
    final Set<String> sourcePaths = new LinkedHashSet<>();

    List<FieldSpec> nested() {
        return fields == null ? new ArrayList<>() : fields;
    }
}
