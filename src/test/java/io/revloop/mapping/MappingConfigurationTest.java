package io.revloop.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MappingConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(MappingConfiguration.class);

    @Test
    void loadsTheRealMappingsFolderAsTheMappingsBean() {
        runner.withPropertyValues("revloop.mapping.directory=mappings").run(context -> {
            assertThat(context).hasNotFailed();
            MappingRegistry mappings = context.getBean("mappings", MappingRegistry.class);
            assertThat(mappings.get("opportunity-to-ordway-subscription").target()).isEqualTo("ordway subscription");
        });
    }

    @Test
    void aBrokenMappingFolderRefusesStartUpNamingFileLineAndField(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), """
                source:
                  salesforce: Account
                target:
                  ordway: customer
                fields:
                  name: Nmae
                """);
        runner.withPropertyValues("revloop.mapping.directory=" + dir).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof MappingValidationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(MappingValidationException.class)
                    .hasMessageContaining("broken.yaml:6: field name: unknown source field 'Nmae' on salesforce Account");

            FailureAnalysis analysis = new MappingFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("refuses to start").contains("broken.yaml:6");
        });
    }
}
