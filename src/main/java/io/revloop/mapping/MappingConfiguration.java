package io.revloop.mapping;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class MappingConfiguration {

    /** Fails start-up with every mapping error listed when a mapping file is broken. */
    @Bean(name = "mappings")
    MappingRegistry mappings(@Value("${revloop.mapping.directory:mappings}") String directory) {
        return new MappingRegistry(ObjectSchemas.fromClasspath(), Path.of(directory));
    }
}
