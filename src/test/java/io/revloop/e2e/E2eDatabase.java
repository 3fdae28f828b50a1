package io.revloop.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** The database the applications under test share: an in-memory H2, or a private schema on the local PostgreSQL. */
public record E2eDatabase(Kind kind, String url, String user, String schema) {

    public enum Kind { H2, POSTGRES }

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    public static E2eDatabase create(Kind kind, String name) {
        String unique = (name + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (kind == Kind.H2) {
            // DB_CLOSE_DELAY keeps it alive across application restarts in this JVM.
            return new E2eDatabase(kind, "jdbc:h2:mem:" + unique + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", null);
        }
        String schema = "e2e_" + unique;
        execute(POSTGRES, "CREATE SCHEMA " + schema);
        return new E2eDatabase(kind, POSTGRES + "?currentSchema=" + schema, "postgres", schema);
    }

    public void drop() {
        if (schema != null) {
            execute(POSTGRES, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
