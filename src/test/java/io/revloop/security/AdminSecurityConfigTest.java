package io.revloop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

class AdminSecurityConfigTest {

    private final AdminSecurityConfig config = new AdminSecurityConfig();
    private final PasswordEncoder encoder = config.passwordEncoder();

    @Test
    void withoutAPasswordNobodyGetsIn() {
        UserDetailsService users = config.adminUserDetailsService(new AdminProperties("admin", "", false), encoder);

        assertThatThrownBy(() -> users.loadUserByUsername("admin")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void aPlainPasswordFromTheEnvironmentIsHashedInMemory() {
        UserDetails operator = config.adminUserDetailsService(new AdminProperties("ops", "correct horse", false), encoder)
                .loadUserByUsername("ops");

        assertThat(operator.getPassword()).startsWith("{bcrypt}").doesNotContain("correct horse");
        assertThat(encoder.matches("correct horse", operator.getPassword())).isTrue();
        assertThat(operator.getAuthorities()).extracting("authority").containsExactly("ROLE_ADMIN");
    }

    @Test
    void anAlreadyEncodedPasswordIsUsedAsIs() {
        String encoded = encoder.encode("correct horse");

        UserDetails operator = config.adminUserDetailsService(new AdminProperties("ops", encoded, false), encoder)
                .loadUserByUsername("ops");

        assertThat(operator.getPassword()).isEqualTo(encoded);
    }

    @Test
    void theDemoGetsAGeneratedPasswordInsteadOfADefaultOne() {
        UserDetails first = config.adminUserDetailsService(new AdminProperties(null, null, true), encoder)
                .loadUserByUsername("admin");
        UserDetails second = config.adminUserDetailsService(new AdminProperties(null, null, true), encoder)
                .loadUserByUsername("admin");

        assertThat(first.getPassword()).startsWith("{bcrypt}");
        assertThat(first.getPassword()).isNotEqualTo(second.getPassword());
    }
}
