package io.revloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.revloop.sandbox.ordway.FaultRule;
import io.revloop.sandbox.ordway.JournalEntry;
import io.revloop.sandbox.salesforce.Fault;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N business events (deals closing Won, invoices posted by billing runs, payments) while both sandboxes inject faults
 * and revloop is killed with SIGKILL and restarted; then a reconciliation of both systems. Exits 1 on any lost or
 * duplicated record, or a record whose final state differs between the systems.
 *
 * <p>Settings (system properties): {@code revloop.chaos.events} (10000), {@code revloop.chaos.kills} (3),
 * {@code revloop.chaos.seed} (1), {@code revloop.chaos.rate} (business events per second, 25),
 * {@code revloop.chaos.fault-rate} (share of Ordway calls that fail, 0.05), {@code revloop.chaos.settle} (how long
 * revloop may take to catch up after the last event, PT15M), {@code revloop.chaos.port} (revloop's HTTP port, 18091).
 * {@link ChaosIT} runs the short version (500 events, one kill) in {@code mvn verify}.
 */
public final class Chaos {

    private static final String CHANNEL = "/data/ChangeEvents";
    /** {@code -Drevloop.chaos.app.logging.level.x=DEBUG} passes {@code logging.level.x=DEBUG} to revloop. */
    private static final String APP_PREFIX = "revloop.chaos.app.";

    /** What one run does; {@link #fromSystemProperties()} reads the settings listed above. */
    record Settings(int events, int kills, long seed, double rate, double faultRate, Duration settle, int port) {
        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("revloop.chaos.events", 10_000),
                    Integer.getInteger("revloop.chaos.kills", 3), Long.getLong("revloop.chaos.seed", 1L),
                    Double.parseDouble(System.getProperty("revloop.chaos.rate", "25")),
                    Double.parseDouble(System.getProperty("revloop.chaos.fault-rate", "0.05")),
                    Duration.parse(System.getProperty("revloop.chaos.settle", "PT15M")),
                    Integer.getInteger("revloop.chaos.port", 18091));
        }
    }

    /** The reconciliation at the end, and the printed summary. */
    record Outcome(Reconciliation reconciliation, String report) {
        boolean passed() {
            return reconciliation.parity();
        }
    }

    private final int events;
    private final int kills;
    private final long seed;
    private final double rate;
    private final double faultRate;
    private final Duration settle;
    private final int appPort;
    private final Random random;
    private final BenchRig rig;
    private final Map<String, Integer> faults = new TreeMap<>();
    private final List<String> closed = new ArrayList<>();
    /** Invoices that may still have a balance; kept here so a payment does not list every invoice. */
    private final List<String> payable = new ArrayList<>();
    private final Map<String, Integer> eventsByKind = new TreeMap<>();
    private final Map<String, String> props;
    private RevloopProcess app;
    private int restarts;

    private Chaos(Settings settings) {
        events = settings.events();
        kills = settings.kills();
        seed = settings.seed();
        rate = settings.rate();
        faultRate = settings.faultRate();
        settle = settings.settle();
        appPort = settings.port();
        random = new Random(seed);
        rig = new BenchRig("chaos", seed);
        props = rig.appProperties();
        props.put("revloop.ordway.requests-per-second", "100");
        props.put("revloop.inbox.worker.poll-interval", "100ms");
        props.put("revloop.inbox.retry.base-delay", "500ms");
        props.put("revloop.inbox.retry.max-delay", "5s");
        // REQUEST_LIMIT_EXCEEDED pauses Salesforce writes; an hour would outlast the run
        props.put("revloop.salesforce.api-budget.pause-for", "5s");
        props.put("revloop.billing.polling.invoice-interval-ms", "1000");
        props.put("revloop.billing.polling.payment-interval-ms", "1000");
        // an event in flight at a kill is taken again when its lease ends; 5 min would dominate a short run
        props.put("revloop.inbox.worker.lease", System.getProperty("revloop.chaos.lease", "60s"));
        props.put("revloop.inbox.worker.stuck-after", "2m");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(APP_PREFIX))
                .forEach(k -> props.put(k.substring(APP_PREFIX.length()), System.getProperty(k)));
    }

    public static void main(String[] args) throws Exception {
        Outcome outcome = run(Settings.fromSystemProperties());
        System.exit(outcome.passed() ? 0 : 1);
    }

    /** One whole run: events and faults, kills, reconciliation. Prints the summary and writes target/chaos/chaos.txt. */
    static Outcome run(Settings settings) throws Exception {
        Chaos chaos = new Chaos(settings);
        try {
            return chaos.run();
        } finally {
            if (chaos.app != null) {
                chaos.app.kill();
            }
            chaos.rig.close();
        }
    }

    private Outcome run() throws Exception {
        Instant began = Instant.now();
        int dealBudget = (int) Math.ceil(events * 0.4);
        List<String> open = rig.openDeals(dealBudget);
        props.put("revloop.cdc.default-replay-id", rig.afterSeeds());
        startApp();
        ScheduledExecutorService liveness = superviseLiveness();
        injectOrdwayFaults();

        int emitted = 0;
        int nextKill = 1;
        long interval = (long) (1_000_000_000L / rate);
        long t0 = System.nanoTime();
        int tick = 0;
        while (emitted < events) {
            long wait = t0 + (long) tick++ * interval - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (nextKill <= kills && emitted >= (long) events * nextKill / (kills + 1)) {
                killAndRestart();
                nextKill++;
            }
            salesforceFaults();
            int dice = random.nextInt(100);
            if (dice < 45 && !open.isEmpty()) {
                String id = open.remove(0);
                rig.closeWon(id);
                closed.add(id);
                emitted += count("closed-won deal", 1);
            } else if (dice < 47) {
                rig.ordway.clock().advance(Duration.ofDays(31));
                List<String> posted = invoicesOf(rig.ordway.runBilling(rig.ordway.today()).path("id").asText());
                payable.addAll(posted);
                emitted += count("invoice posted", posted.size());
            } else {
                emitted += count("payment", pay() ? 1 : 0);
            }
        }
        Instant lastEvent = Instant.now();
        rig.ordway.faults().clear();
        rig.salesforce.faults().clear();
        rig.streaming.faults().reset();

        // Faults are over: let revloop drain its backlog, then act as the operator would and replay the dead letters
        // (once their causes are gone); what is still missing after that is lost.
        Reconciliation result = null;
        long deadline = System.nanoTime() + settle.toNanos();
        Map<String, Integer> deadByCause = new TreeMap<>();
        int replays = 0;
        long lastReplay = System.nanoTime();
        do {
            Thread.sleep(5_000);
            deadLettersEver(deadByCause);
            // a replay every 30 s while dead letters are open (their causes were the injected faults, now cleared)
            if (openDeadLetters() > 0 && System.nanoTime() - lastReplay > 30_000_000_000L) {
                lastReplay = System.nanoTime();
                replayDeadLetters();
                replays++;
            }
            result = reconcile();
        } while (!result.parity() && System.nanoTime() < deadline);
        liveness.shutdownNow();
        deadLettersEver(deadByCause);
        Instant settled = Instant.now();

        StringBuilder out = new StringBuilder();
        out.append(String.format("%n==== revloop chaos (%s, seed %d) ====%n", Instant.now(), seed));
        out.append(String.format("events: %d  %s%n", emitted, eventsByKind));
        for (JournalEntry e : rig.ordway.journal().all()) {
            if (e.fault() != null) {
                String kind = switch (e.fault()) {
                    case "TOO_MANY_REQUESTS" -> "429 with Retry-After";
                    case "STATUS" -> e.status() == 429 ? "429 without Retry-After" : String.valueOf(e.status());
                    default -> e.fault().toLowerCase().replace('_', ' ');
                };
                faults.merge("Ordway " + kind, 1, Integer::sum);
            }
        }
        out.append(String.format("faults injected: %d%n", faults.values().stream().mapToInt(Integer::intValue).sum()));
        faults.forEach((k, v) -> out.append(String.format("  %-46s %d%n", k, v)));
        out.append(String.format("restarts after kill -9: %d%n", restarts));
        out.append(String.format("dead-lettered during the run, by flow and cause: %s%n",
                deadByCause.isEmpty() ? "none" : deadByCause));
        out.append(String.format("operator replays of the dead letters after the faults stopped: %d%n", replays));
        out.append(result.report());
        out.append(String.format("time: events %.0f s, caught up %.0f s later%n",
                Benchmark.seconds(began, lastEvent), Benchmark.seconds(lastEvent, settled)));
        out.append(result.parity() ? "RESULT: PASS (no loss, no duplicate, final parity)\n" : "RESULT: FAIL\n");
        System.out.print(out);
        Path report = Path.of("target", "chaos", "chaos.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString());
        return new Outcome(result, out.toString());
    }

    /** Every dead letter so far (any status), by flow and error type; one row per dead-lettered event. */
    private void deadLettersEver(Map<String, Integer> into) throws Exception {
        into.clear();
        try (Connection c = rig.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT flow, error_type, count(*) FROM dead_letter GROUP BY flow, error_type")) {
            while (rs.next()) {
                into.put(rs.getString(1) + ": " + rs.getString(2), rs.getInt(3));
            }
        }
    }

    private int openDeadLetters() throws Exception {
        return deadLetters().size();
    }

    private void replayDeadLetters() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + appPort
                                + "/admin/dead-letters/replay"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (RevloopProcess.ADMIN_USER + ":" + RevloopProcess.ADMIN_PASSWORD).getBytes()))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"max\":1000}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            System.err.println("replay answered " + r.statusCode() + ": " + r.body());
        }
    }

    private int count(String kind, int n) {
        eventsByKind.merge(kind, n, Integer::sum);
        return n;
    }

    private void startApp() {
        app = RevloopProcess.start(props, appPort, rig.workDir.resolve("revloop.log"), "512m");
        app.awaitReady(Duration.ofMinutes(3));
    }

    /**
     * The supervisor a deployment has (a Kubernetes liveness probe every 5 s, failure threshold 3): a revloop whose
     * liveness stays DOWN is killed and started again.
     */
    private ScheduledExecutorService superviseLiveness() {
        ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "liveness-probe");
            t.setDaemon(true);
            return t;
        });
        int[] failures = {0};
        probe.scheduleWithFixedDelay(() -> {
            synchronized (this) {
                failures[0] = app.live() ? 0 : failures[0] + 1;
                if (failures[0] >= 3) {
                    failures[0] = 0;
                    app.kill();
                    faults.merge("revloop restarted by the liveness probe", 1, Integer::sum);
                    startApp();
                }
            }
        }, 5, 5, TimeUnit.SECONDS);
        return probe;
    }

    private synchronized void killAndRestart() throws InterruptedException {
        app.kill();
        faults.merge("revloop process: kill -9", 1, Integer::sum);
        Thread.sleep(random.nextInt(2000));
        startApp();
        restarts++;
    }

    /** Standing rules on Ordway, each hitting a share of matching calls (the sandbox draws from a seeded random). */
    private void injectOrdwayFaults() {
        double p = faultRate / 8;
        rig.ordway.faults().seed(random.nextLong());
        rig.ordway.faults()
                .inject(FaultRule.onAny(".*").status(500).withProbability(p))
                .inject(FaultRule.onAny(".*").status(503).withProbability(p))
                .inject(FaultRule.onAny(".*").tooManyRequests(Duration.ofSeconds(1)).withProbability(p))
                .inject(FaultRule.onAny(".*").status(429).withProbability(p))
                .inject(FaultRule.onAny(".*").connectionReset().withProbability(p))
                .inject(FaultRule.onAny(".*").emptyResponse().withProbability(p))
                .inject(FaultRule.onAny(".*").malformedBody().withProbability(p))
                .inject(FaultRule.onAny(".*").delay(Duration.ofSeconds(2)).withProbability(p));
    }

    /** Salesforce REST faults are armed one at a time; streaming faults act on the live CometD sessions. */
    private void salesforceFaults() {
        int dice = random.nextInt(1000);
        if (dice < 40) {
            Fault[] rest = {Fault.REQUEST_LIMIT_EXCEEDED, Fault.UNABLE_TO_LOCK_ROW, Fault.SERVER_ERROR,
                    Fault.SERVICE_UNAVAILABLE, Fault.INVALID_SESSION_ID};
            Fault f = rest[random.nextInt(rest.length)];
            rig.salesforce.faults().add(io.revloop.sandbox.salesforce.FaultRule.of(f).times(1));
            faults.merge("Salesforce REST " + f + " (armed)", 1, Integer::sum);
        } else if (dice < 45) {
            rig.salesforce.tokens().expireAll();
            faults.merge("Salesforce sessions expired (all tokens)", 1, Integer::sum);
        } else if (dice < 47) {
            faults.merge("Salesforce CometD sessions dropped", rig.streaming.faults().dropSessions(), Integer::sum);
        } else if (dice < 60) {
            rig.streaming.latestReplayId(CHANNEL).ifPresent(replayId -> {
                rig.streaming.faults().redeliver(CHANNEL, replayId);
                faults.merge("Salesforce change event duplicated", 1, Integer::sum);
            });
        } else if (dice < 70) {
            rig.streaming.faults().swapNextTwoEvents();
            faults.merge("Salesforce change events out of order (swap)", 1, Integer::sum);
        }
    }

    /** A full or partial payment of a random invoice that still has a balance; false when none has. */
    private boolean pay() {
        while (!payable.isEmpty()) {
            int pick = random.nextInt(payable.size());
            JsonNode invoice = rig.ordway.company().invoice(payable.get(pick));
            BigDecimal balance = new BigDecimal(invoice.path("balance").asText("0"));
            String status = invoice.path("status").asText();
            if (balance.signum() <= 0 || !("Posted".equals(status) || "Partially paid".equals(status))) {
                payable.remove(pick);
                continue;
            }
            BigDecimal amount = random.nextBoolean() ? balance
                    : balance.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
            if (amount.signum() <= 0) {
                amount = balance;
            }
            rig.ordway.applyPayment(invoice.path("id").asText(), amount);
            return true;
        }
        return false;
    }

    private List<String> invoicesOf(String billingRunId) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode batch = rig.ordway.company().get("/invoices?size=50&billing_run_id=" + billingRunId + "&page=" + page);
            batch.forEach(invoice -> ids.add(invoice.path("id").asText()));
            if (batch.size() < 50) {
                return ids;
            }
        }
    }

    record Reconciliation(int lost, int duplicated, int stale, int deadLetteredRecords, String report) {
        boolean parity() {
            return lost == 0 && duplicated == 0 && stale == 0;
        }
    }

    private Reconciliation reconcile() throws Exception {
        Map<String, String> deadLetters = deadLetters();
        Map<String, Integer> deadByCause = new TreeMap<>();
        deadLetters.values().forEach(cause -> deadByCause.merge(cause, 1, Integer::sum));
        int lost = 0;
        int duplicated = 0;
        int stale = 0;
        int dead = 0;
        List<String> problems = new ArrayList<>();

        // Closed-Won: exactly one subscription per closed opportunity, its id written back
        Map<String, List<String>> subsByOpp = new HashMap<>();
        for (JsonNode s : all("/subscriptions")) {
            subsByOpp.computeIfAbsent(s.path("salesforce_id").asText(), k -> new ArrayList<>()).add(s.path("id").asText());
        }
        Map<String, Integer> createdByOpp = new HashMap<>();
        for (JournalEntry e : rig.ordway.journal().find("POST", "/subscriptions/?")) {
            if (e.status() / 100 == 2 && e.fault() == null) {
                String sfId = Benchmark.subscriptionCreated(List.of(e)).keySet().stream().findFirst().orElse("");
                createdByOpp.merge(sfId, 1, Integer::sum);
            }
        }
        for (String opp : closed) {
            List<String> subs = subsByOpp.getOrDefault(opp, List.of());
            Map<String, Object> record = rig.salesforce.org().get(opp).orElseThrow();
            if (deadLetters.containsKey(opp)) {
                dead++;
            } else if (subs.isEmpty()) {
                lost++;
                problems.add("lost: opportunity " + opp + " has no Ordway subscription");
            } else if (!subs.get(0).equals(record.get("Ordway_Subscription_Id__c"))
                    || !"Synced".equals(record.get("Ordway_Sync_Status__c"))) {
                stale++;
                problems.add("stale: opportunity " + opp + " shows " + record.get("Ordway_Subscription_Id__c") + "/"
                        + record.get("Ordway_Sync_Status__c") + ", Ordway has " + subs);
            }
            if (subs.size() > 1) {
                duplicated++;
                problems.add("duplicate: opportunity " + opp + " has subscriptions " + subs);
            }
        }
        Map<String, Integer> customersByAccount = new HashMap<>();
        for (JsonNode c : all("/customers")) {
            customersByAccount.merge(c.path("salesforce_id").asText(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : customersByAccount.entrySet()) {
            if (e.getValue() > 1 && !e.getKey().isEmpty()) {
                duplicated++;
                problems.add("duplicate: account " + e.getKey() + " has " + e.getValue() + " Ordway customers");
            }
        }

        // Invoices and payments: each Ordway record once in Salesforce, with Ordway's status and balance
        int[] inv = compare(all("/invoices"), "Ordway_Invoice__c", "Ordway_Invoice_Id__c", deadLetters, problems,
                Map.of("status", "Status__c", "balance", "Balance__c"));
        int[] pay = compare(all("/payments"), "Ordway_Payment__c", "Ordway_Payment_Id__c", deadLetters, problems,
                Map.of("status", "Status__c"));
        lost += inv[0] + pay[0];
        duplicated += inv[1] + pay[1];
        stale += inv[2] + pay[2];
        dead += inv[3] + pay[3];

        StringBuilder r = new StringBuilder();
        r.append(String.format("reconciliation: %d closed deals, %d Ordway invoices, %d Ordway payments%n",
                closed.size(), inv[4], pay[4]));
        r.append(String.format("  lost %d   duplicated %d   stale (state differs) %d   dead-lettered records %d%n",
                lost, duplicated, stale, dead));
        r.append(String.format("  dead letters by cause: %s%n", deadByCause.isEmpty() ? "none" : deadByCause));
        r.append(String.format("  final parity: %s%n", lost + duplicated + stale == 0 ? "yes" : "NO"));
        problems.stream().limit(20).forEach(p -> r.append("  ").append(p).append('\n'));
        if (problems.size() > 20) {
            r.append("  ... ").append(problems.size() - 20).append(" more\n");
        }
        return new Reconciliation(lost, duplicated, stale, dead, r.toString());
    }

    private int[] compare(List<JsonNode> ordwayRecords, String type, String idField, Map<String, String> deadLetters,
            List<String> problems, Map<String, String> fields) {
        Map<String, List<Map<String, Object>>> byId = new HashMap<>();
        for (Map<String, Object> r : rig.salesforce.org().records(type)) {
            byId.computeIfAbsent(String.valueOf(r.get(idField)), k -> new ArrayList<>()).add(r);
        }
        int lost = 0;
        int dup = 0;
        int stale = 0;
        int dead = 0;
        for (JsonNode o : ordwayRecords) {
            String id = o.path("id").asText();
            List<Map<String, Object>> mirror = byId.getOrDefault(id, List.of());
            if (mirror.size() > 1) {
                dup++;
                problems.add("duplicate: " + type + " " + id + " x" + mirror.size());
            }
            if (mirror.isEmpty()) {
                if (deadLetters.containsKey(id)) {
                    dead++;
                } else {
                    lost++;
                    problems.add("lost: Ordway " + id + " has no " + type);
                }
                continue;
            }
            for (Map.Entry<String, String> f : fields.entrySet()) {
                String want = o.path(f.getKey()).asText();
                Object have = mirror.get(0).get(f.getValue());
                if (!same(want, have)) {
                    if (deadLetters.containsKey(id)) {
                        dead++;
                    } else {
                        stale++;
                        problems.add("stale: " + type + " " + id + " " + f.getValue() + " = " + have + ", Ordway "
                                + f.getKey() + " = " + want);
                    }
                    break;
                }
            }
        }
        return new int[] {lost, dup, stale, dead, ordwayRecords.size()};
    }

    private static boolean same(String ordway, Object salesforce) {
        if (salesforce == null) {
            return ordway == null || ordway.isEmpty();
        }
        try {
            return new BigDecimal(ordway).compareTo(new BigDecimal(salesforce.toString())) == 0;
        } catch (NumberFormatException e) {
            return Objects.equals(ordway, salesforce.toString());
        }
    }

    private List<JsonNode> all(String path) {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode batch = rig.ordway.company().get(path + "?size=50&page=" + page);
            batch.forEach(out::add);
            if (batch.size() < 50) {
                return out;
            }
        }
    }

    /** Open dead letters: record id to "flow: error type". */
    private Map<String, String> deadLetters() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = rig.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_id, event_key, flow, error_type FROM dead_letter "
                        + "WHERE status = 'OPEN'")) {
            while (rs.next()) {
                String id = rs.getString(1) != null ? rs.getString(1) : rs.getString(2);
                out.put(id, rs.getString(3) + ": " + rs.getString(4));
            }
        }
        return out;
    }
}
