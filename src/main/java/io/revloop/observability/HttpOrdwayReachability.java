package io.revloop.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Asks Ordway for one customer with the configured credentials. The answer is cached for
 * {@code revloop.health.ordway-check-interval}, so health polling never spends more than one call per interval of
 * Ordway's (unpublished) rate limit.
 */
@Component
public class HttpOrdwayReachability implements OrdwayReachability {

    private final String baseUrl;
    private final String apiKey;
    private final String company;
    private final String userEmail;
    private final String userToken;
    private final HealthProperties properties;
    private final Clock clock;
    // never follows redirects: credentials must not travel to another host
    private final HttpClient http;
    private Result cached;

    public HttpOrdwayReachability(@Value("${revloop.ordway.base-url:}") String baseUrl,
                                  @Value("${revloop.ordway.api-key:}") String apiKey,
                                  @Value("${revloop.ordway.company:}") String company,
                                  @Value("${revloop.ordway.user-email:}") String userEmail,
                                  @Value("${revloop.ordway.user-token:}") String userToken,
                                  HealthProperties properties, ObjectProvider<Clock> clock) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.company = company;
        this.userEmail = userEmail;
        this.userToken = userToken;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.ordwayTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public synchronized Result check() {
        Instant now = clock.instant();
        if (cached != null && Duration.between(cached.checkedAt(), now).compareTo(properties.ordwayCheckInterval()) < 0) {
            return cached;
        }
        cached = call(now);
        return cached;
    }

    private Result call(Instant now) {
        if (!StringUtils.hasText(baseUrl) || !StringUtils.hasText(apiKey) || !StringUtils.hasText(company)
                || !StringUtils.hasText(userEmail) || !StringUtils.hasText(userToken)) {
            return new Result(false, false, null,
                    "Ordway credentials not configured (ORDWAY_API_KEY, ORDWAY_COMPANY, ORDWAY_USER_EMAIL, ORDWAY_USER_TOKEN)",
                    now, Duration.ZERO);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/customers?page=1&size=1"))
                    .timeout(properties.ordwayTimeout())
                    .header("Accept", "application/json")
                    .header("X-API-KEY", apiKey)
                    .header("X-User-Company", company)
                    .header("X-User-Email", userEmail)
                    .header("X-User-Token", userToken)
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            return new Result(true, false, null, "revloop.ordway.base-url is not a valid URL", now, Duration.ZERO);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            int status = response.statusCode();
            String detail = switch (status / 100) {
                case 2 -> "OK";
                case 4 -> status == 429 ? "Rate limited" : "Rejected: check the Ordway credentials and company";
                default -> "Ordway answered " + status;
            };
            // 429 proves Ordway is up and our credentials got through; it is not an outage
            boolean reachable = status / 100 == 2 || status == 429;
            return new Result(true, reachable, status, detail, now, latency);
        } catch (IOException e) {
            return new Result(true, false, null, "No answer: " + e.getClass().getSimpleName(), now,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(true, false, null, "Interrupted", now, Duration.ZERO);
        }
    }
}
