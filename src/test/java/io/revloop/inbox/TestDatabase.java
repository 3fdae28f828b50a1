package io.revloop.inbox;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A migrated database per test class: H2 in PostgreSQL mode, or a private schema on the shared PostgreSQL. */
public final class TestDatabase {

    public enum Kind { H2, POSTGRES }

    private TestDatabase() {
    }

    public static HikariDataSource create(Kind kind, String name) {
        HikariDataSource ds = open(kind, name, true);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    /** Another pool on the same database, as a second JVM would have. */
    public static HikariDataSource open(Kind kind, String name, boolean fresh) {
        if (kind == Kind.H2) {
            return pool("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa");
        }
        String schema = ("t_" + name).toLowerCase();
        if (fresh) {
            try (HikariDataSource admin = pool("jdbc:postgresql://127.0.0.1:5432/test", "postgres");
                    Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return pool("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres");
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setMaximumPoolSize(6);
        return ds;
    }

    public static void clean(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM inbox_event");
            s.execute("DELETE FROM cdc_checkpoint");
            s.execute("DELETE FROM idempotency_key");
            s.execute("DELETE FROM sf_write_log");
        }
    }
}
