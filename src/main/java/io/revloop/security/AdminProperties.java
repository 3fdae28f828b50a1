package io.revloop.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator account of the admin API.
 *
 * @param user             {@code REVLOOP_ADMIN_USER}
 * @param password         {@code REVLOOP_ADMIN_PASSWORD}: plain, or already encoded as {@code {bcrypt}...}
 * @param generatePassword demo only: invent a password and print it once at start-up
 */
@ConfigurationProperties("revloop.admin")
public record AdminProperties(String user, String password, boolean generatePassword) {
}
