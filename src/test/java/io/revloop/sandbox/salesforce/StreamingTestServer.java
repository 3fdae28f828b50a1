package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A minimal Jetty 12 server for the Streaming API alone: {@link CometdStreaming} plus a bare OAuth token endpoint so
 * that camel-salesforce can log in. The full sandbox ({@code SalesforceSandbox}) replaces it where available.
 */
final class StreamingTestServer implements StreamingOrg {

    static final String ORG_ID = "00D000000000001AAA";
    static final String USER_ID = "005000000000001AAA";

    /** Tokens the test controls: issued by the token endpoint or by hand, expired by hand. */
    static final class Tokens implements AccessTokens {
        private final Set<String> live = ConcurrentHashMap.newKeySet();
        private final List<String> issued = new CopyOnWriteArrayList<>();
        private final AtomicInteger counter = new AtomicInteger();

        String issue() {
            String token = "00D000000000001!tok" + counter.incrementAndGet() + "-" + UUID.randomUUID();
            live.add(token);
            issued.add(token);
            return token;
        }

        void expireAll() {
            live.clear();
        }

        List<String> issued() {
            return List.copyOf(issued);
        }

        @Override
        public Optional<Session> validate(String accessToken) {
            return live.contains(accessToken)
                    ? Optional.of(new Session(accessToken, USER_ID, ORG_ID, "revloop"))
                    : Optional.empty();
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final CometdStreaming streaming;
    private final Tokens tokens = new Tokens();
    private final AtomicLong commitNumber = new AtomicLong(1_000_000);
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Map<String, Object>> accounts = new ConcurrentHashMap<>();

    StreamingTestServer(StreamingSettings settings) throws Exception {
        this(new CometdStreaming(settings));
    }

    /** A server for an existing streaming endpoint, e.g. one whose previous server was stopped. */
    StreamingTestServer(CometdStreaming streaming) throws Exception {
        this.streaming = streaming;
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new TokenServlet()), "/services/oauth2/*");
        streaming.install(context, tokens);
        server.setHandler(context);
        server.start();
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public CometdStreaming streaming() {
        return streaming;
    }

    Tokens tokens() {
        return tokens;
    }

    @Override
    public String clientId() {
        return "revloop";
    }

    @Override
    public String clientSecret() {
        return "secret";
    }

    @Override
    public String refreshToken() {
        return "refresh";
    }

    @Override
    public String createAccount(String name) {
        String id = "001" + "%012d".formatted(ids.incrementAndGet()) + "AAA";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("OwnerId", USER_ID);
        fields.put("CreatedDate", now());
        fields.put("CreatedById", USER_ID);
        fields.put("LastModifiedDate", now());
        fields.put("LastModifiedById", USER_ID);
        accounts.put(id, fields);
        change("Account", id, "CREATE", fields, List.of(), List.of());
        return id;
    }

    @Override
    public void updateAccount(String id, Map<String, Object> fields) {
        Map<String, Object> changed = new LinkedHashMap<>(fields);
        changed.put("LastModifiedDate", now());
        accounts.get(id).putAll(changed);
        List<String> nulled = fields.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .toList();
        change("Account", id, "UPDATE", changed, List.copyOf(changed.keySet()), nulled);
    }

    @Override
    public void deleteAccount(String id) {
        change("Account", id, "DELETE", Map.of(), List.of(), List.of());
    }

    @Override
    public void undeleteAccount(String id) {
        change("Account", id, "UNDELETE", accounts.get(id), List.of(), List.of());
    }

    @Override
    public void expireTokens() {
        tokens.expireAll();
    }

    private String now() {
        return streaming.settings().clock().instant().toString();
    }

    /** What the org store publishes on a committed write. */
    ChangeEvent change(String entity, String recordId, String changeType, Map<String, Object> fields,
            List<String> changedFields, List<String> nulledFields) {
        ChangeEvent event = new ChangeEvent(entity, List.of(recordId), changeType,
                "com/salesforce/api/rest/62.0;client=revloop", UUID.randomUUID().toString(), 1,
                streaming.settings().clock().millis(), commitNumber.incrementAndGet(), USER_ID, changedFields,
                nulledFields, List.of(), fields);
        streaming.publish(event);
        return event;
    }

    @Override
    public void close() throws Exception {
        streaming.stop();
        server.stop();
    }

    private final class TokenServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String token = tokens.issue();
            response.setContentType("application/json");
            response.getWriter().write("""
                    {"access_token":"%s","instance_url":"%s","id":"%s/id/%s/%s","token_type":"Bearer",\
                    "issued_at":"%d","signature":"c2lnbmF0dXJl"}""".formatted(token, baseUrl(), baseUrl(), ORG_ID,
                    USER_ID, Instant.now().toEpochMilli()));
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(200);
        }
    }
}
