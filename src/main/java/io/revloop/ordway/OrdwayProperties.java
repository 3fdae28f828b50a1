package io.revloop.ordway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ordway API access. The four credentials come from the environment only.
 *
 * @param requestsPerSecond client-side ceiling for all Ordway calls of this instance (Ordway publishes no limit)
 */
@ConfigurationProperties(prefix = "revloop.ordway")
public record OrdwayProperties(
        String baseUrl,
        String apiKey,
        String company,
        String userEmail,
        String userToken,
        @DefaultValue("5") double requestsPerSecond) {

    @Override
    public String toString() {
        return "OrdwayProperties[baseUrl=" + baseUrl + ", company=" + company + ", requestsPerSecond="
                + requestsPerSecond + ", credentials=***]";
    }
}
