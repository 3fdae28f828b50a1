package io.revloop.security;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * HTTP Basic for {@code /admin/**} and the actuator, with one operator account from the environment.
 * Only the health summary is public (for probes); its details, metrics and everything admin need the operator.
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurityConfig {

    static final String ROLE = "ADMIN";
    private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfig.class);

    @Bean
    @Order(1)
    public SecurityFilterChain adminSecurityFilterChain(HttpSecurity http) throws Exception {
        http.securityMatchers(m -> m.requestMatchers(EndpointRequest.toAnyEndpoint())
                        .requestMatchers("/admin", "/admin/**"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .anyRequest().hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                // stateless Basic auth without cookies: there is no session for CSRF to ride on
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * Anything not claimed by a more specific chain is refused, so a new endpoint is closed until someone decides
     * how it is protected (e.g. an inbound webhook adds its own chain with a lower {@code @Order}).
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    public SecurityFilterChain denyByDefaultSecurityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/error").permitAll().anyRequest().denyAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public UserDetailsService adminUserDetailsService(AdminProperties properties, PasswordEncoder encoder) {
        String user = StringUtils.hasText(properties.user()) ? properties.user().trim() : "admin";
        String password = properties.password();
        if (!StringUtils.hasText(password) && properties.generatePassword()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            // the demo's only way to hand the operator a password; never enabled outside the demo profile
            log.warn("Demo admin credentials (revloop.admin.generate-password=true): user '{}' password '{}'",
                    user, password);
        }
        if (!StringUtils.hasText(password)) {
            log.warn("Admin API and actuator details are DISABLED: no admin password. Set REVLOOP_ADMIN_PASSWORD "
                    + "(and optionally REVLOOP_ADMIN_USER, default 'admin') to enable them.");
            return new InMemoryUserDetailsManager();
        }
        String encoded = password.startsWith("{") ? password : encoder.encode(password);
        return new InMemoryUserDetailsManager(User.withUsername(user).password(encoded).roles(ROLE).build());
    }
}
