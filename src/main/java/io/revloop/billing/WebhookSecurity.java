package io.revloop.billing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/**
 * Ordway cannot send credentials Spring Security understands, only a static header; the receiver checks that
 * secret itself, so its path bypasses the filter chain (and CSRF) while every other path keeps the default chain.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurity {

    @Bean
    WebSecurityCustomizer ordwayWebhookBypass() {
        return web -> web.ignoring().requestMatchers("/webhooks/ordway");
    }
}
