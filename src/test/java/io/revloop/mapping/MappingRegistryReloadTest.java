package io.revloop.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingRegistryReloadTest {

    private static final String MAPPING = """
            source:
              salesforce: Account
            target:
              ordway: customer
            fields:
              name: %s
            """;

    @TempDir
    Path dir;

    @Test
    void aBrokenEditKeepsTheLoadedSetAndAGoodEditReplacesIt() throws IOException {
        Path file = dir.resolve("account.yaml");
        Files.writeString(file, MAPPING.formatted("Name"));
        MappingRegistry registry = new MappingRegistry(ObjectSchemas.fromClasspath(), dir);
        Map<String, Object> account = Map.of("Id", "001A", "Name", "Acme", "AccountNumber", "A-7");
        assertThat(registry.map("account", account)).containsEntry("name", "Acme");

        Files.writeString(file, MAPPING.formatted("AccountNumbr"));
        assertThatThrownBy(registry::reload).isInstanceOf(MappingValidationException.class)
                .hasMessageContaining("account.yaml:6: field name: unknown source field 'AccountNumbr'");
        assertThat(registry.map("account", account)).as("old set still in use").containsEntry("name", "Acme");

        Files.writeString(file, MAPPING.formatted("AccountNumber"));
        registry.reload();
        assertThat(registry.map("account", account)).containsEntry("name", "A-7");
    }

    @Test
    void unknownMappingNameListsTheKnownOnes() throws IOException {
        Files.writeString(dir.resolve("account.yaml"), MAPPING.formatted("Name"));
        MappingRegistry registry = new MappingRegistry(ObjectSchemas.fromClasspath(), dir);

        assertThatThrownBy(() -> registry.get("acount")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no mapping 'acount'").hasMessageContaining("known: account");
    }
}
