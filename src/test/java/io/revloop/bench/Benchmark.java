package io.revloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.sandbox.ordway.JournalEntry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * revloop against both sandboxes on this machine, as a separate process, then the floor: the same calls from a bare
 * HTTP client with no engine. Prints latency, throughput, calls per record, memory and start-up time.
 *
 * <p>Settings (system properties): {@code revloop.bench.rate} (closed-won deals per second for the latency phase,
 * default 2), {@code revloop.bench.latency-deals} (60), {@code revloop.bench.burst-deals} (300),
 * {@code revloop.bench.heap} (512m), {@code revloop.bench.ordway-rps} (revloop's client-side Ordway limit, 200),
 * {@code revloop.bench.ramp} (offered Closed-Won rates of the ramp's steps, 4,8,12,16,20,24) and
 * {@code revloop.bench.ramp-step} (how long each step lasts, PT10S).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("revloop.bench.rate", "2"));
        int latencyDeals = Integer.getInteger("revloop.bench.latency-deals", 60);
        int burstDeals = Integer.getInteger("revloop.bench.burst-deals", 300);
        String heap = System.getProperty("revloop.bench.heap", "512m");
        String ordwayRps = System.getProperty("revloop.bench.ordway-rps", "200");
        double[] rampRates = Arrays.stream(System.getProperty("revloop.bench.ramp", "4,8,12,16,20,24").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        Duration rampStep = Duration.parse(System.getProperty("revloop.bench.ramp-step", "PT10S"));
        StringBuilder out = new StringBuilder();

        try (BenchRig rig = new BenchRig("bench", 42)) {
            List<String> paced = rig.openDeals(latencyDeals);
            List<String> burst = rig.openDeals(burstDeals);
            List<String> floorPaced = rig.openDeals(latencyDeals);
            List<String> floorBurst = rig.openDeals(burstDeals);
            List<List<String>> rampDeals = new ArrayList<>();
            for (double r : rampRates) {
                rampDeals.add(rig.openDeals((int) Math.ceil(r * rampStep.toMillis() / 1000.0)));
            }

            Map<String, String> props = rig.appProperties();
            props.put("revloop.ordway.requests-per-second", ordwayRps);
            props.put("revloop.inbox.worker.poll-interval", "50ms");
            props.put("revloop.billing.polling.invoice-interval-ms", "1000");
            props.put("revloop.billing.polling.payment-interval-ms", "1000");
            RevloopProcess app = RevloopProcess.start(props, 18090, rig.workDir.resolve("revloop.log"), heap);
            Duration startToReady = app.awaitReady(Duration.ofMinutes(3));
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(app::sampleHeap, 0, 500, TimeUnit.MILLISECONDS);
            // the CDC subscription is up once the org has a live subscriber
            await(Duration.ofMinutes(1), () -> rig.streaming.liveSubscribers("/data/ChangeEvents") > 0);

            // 1. Latency at a stated rate
            Map<String, Instant> committed = new HashMap<>();
            int sf0 = rig.salesforce.apiUsage().used();
            int ow0 = rig.ordway.journal().all().size();
            closeAtRate(rig, paced, rate, committed);
            awaitSynced(rig, paced, Duration.ofMinutes(5));
            int sfPaced = rig.salesforce.apiUsage().used() - sf0;
            List<JournalEntry> owPaced = rig.ordway.journal().all().subList(ow0, rig.ordway.journal().all().size());
            List<Long> latencies = latenciesMillis(committed, subscriptionCreated(owPaced));

            // 2. Closed-won saturation: every deal closes at once, revloop drains the backlog
            int sf1 = rig.salesforce.apiUsage().used();
            int ow1 = rig.ordway.journal().all().size();
            Instant burstStart = Instant.now();
            for (String id : burst) {
                rig.closeWon(id);
            }
            Instant burstClosed = Instant.now();
            awaitSynced(rig, burst, Duration.ofMinutes(15));
            Instant burstDone = Instant.now();
            int sfBurst = rig.salesforce.apiUsage().used() - sf1;
            int owBurst = rig.ordway.journal().all().size() - ow1;

            // 2b. Ramp: deals close at rising rates; revloop keeps up while the step's p95 stays under a second
            StringBuilder rampLines = new StringBuilder();
            double sustained = 0;
            for (int step = 0; step < rampRates.length; step++) {
                int owStep = rig.ordway.journal().all().size();
                Map<String, Instant> stepCommits = new HashMap<>();
                Instant stepStart = Instant.now();
                closeAtRate(rig, rampDeals.get(step), rampRates[step], stepCommits);
                Instant stepEnd = Instant.now();
                awaitSynced(rig, rampDeals.get(step), Duration.ofMinutes(10));
                Instant drained = Instant.now();
                List<JournalEntry> stepCalls = rig.ordway.journal().all().subList(owStep,
                        rig.ordway.journal().all().size());
                Map<String, Instant> created = subscriptionCreated(stepCalls);
                List<Long> stepLatencies = latenciesMillis(stepCommits, created);
                long inStep = created.values().stream().filter(at -> !at.isAfter(stepEnd)).count();
                boolean keptUp = pct(stepLatencies, 95) < 1000;
                rampLines.append(String.format("  offered %5.1f/s   synced during the step %5.1f/s   p50 %5d ms   p95 %5d ms"
                                + "   backlog gone %4.1f s after the step   %s%n", rampRates[step],
                        inStep / seconds(stepStart, stepEnd), pct(stepLatencies, 50), pct(stepLatencies, 95),
                        seconds(stepEnd, drained), keptUp ? "kept up" : "saturated"));
                if (!keptUp) {
                    break;
                }
                sustained = rampRates[step];
            }

            // 3. Invoices: one billing run invoices every subscription; revloop's poller carries them over
            int sf2 = rig.salesforce.apiUsage().used();
            int ow2 = rig.ordway.journal().all().size();
            Instant billed = Instant.now();
            rig.ordway.runBilling(rig.ordway.today().plusDays(1));
            List<JsonNode> invoices = invoices(rig);
            awaitInvoices(rig, invoices.size(), "Posted", Duration.ofMinutes(15));
            Instant invoicesDone = Instant.now();
            int sfInv = rig.salesforce.apiUsage().used() - sf2;
            int owInv = rig.ordway.journal().all().size() - ow2;

            // 4. Payments: every invoice paid in full; its Salesforce record must turn Paid
            int sf3 = rig.salesforce.apiUsage().used();
            int ow3 = rig.ordway.journal().all().size();
            Instant paying = Instant.now();
            for (JsonNode invoice : invoices) {
                rig.ordway.applyPayment(invoice.path("id").asText(), new BigDecimal(invoice.path("balance").asText()));
            }
            awaitInvoices(rig, invoices.size(), "Paid", Duration.ofMinutes(15));
            Instant paidDone = Instant.now();
            int sfPay = rig.salesforce.apiUsage().used() - sf3;
            int owPay = rig.ordway.journal().all().size() - ow3;

            // 5. Account edits: the billing city of every paced deal's Account changes; each becomes an Ordway update
            List<String> accounts = paced.stream().map(id -> (String) rig.salesforce.org().get(id).orElseThrow()
                    .get("AccountId")).distinct().toList();
            int sf4 = rig.salesforce.apiUsage().used();
            int ow4 = rig.ordway.journal().all().size();
            Instant editing = Instant.now();
            for (String account : accounts) {
                rig.editAccount(account, Map.of("BillingCity", "Hamburg"));
            }
            await(Duration.ofMinutes(10), () -> customerUpdates(rig, ow4) >= accounts.size());
            Instant edited = Instant.now();
            int sfAcc = rig.salesforce.apiUsage().used() - sf4;
            List<JournalEntry> owAccounts = List.copyOf(rig.ordway.journal().all().subList(ow4,
                    rig.ordway.journal().all().size()));
            int owAcc = owAccounts.size();

            app.sampleHeap();
            long hwm = app.procStatusKib("VmHWM");
            long rss = app.procStatusKib("VmRSS");
            sampler.shutdownNow();
            app.stop();

            // 6. The floor: the same calls from a bare java.net.http client, no engine
            Floor floor = new Floor(rig);
            Floor.Result floorPacedResult = floor.paced(floorPaced, rate);
            Floor.Result floorBurstResult = floor.burst(floorBurst, 2);
            Floor.Result floorInvoices = floor.invoices(rig.ordway.today().plusDays(1));
            Floor.Result floorPayments = floor.payments();

            double cwPerSec = burst.size() / seconds(burstStart, burstDone);
            double invPerSec = invoices.size() / seconds(billed, invoicesDone);
            double paidPerSec = invoices.size() / seconds(paying, paidDone);
            out.append(String.format("""

                    ==== revloop benchmark (%s) ====
                    machine: %d vCPU, %d MiB max heap for revloop (-Xmx%s), Java %s, %s
                    revloop: child JVM, PostgreSQL schema %s, Ordway client limit %s req/s, 2 inbox workers
                    start to ready (process start -> /actuator/health/readiness UP): %.1f s
                    peak heap (jvm.memory.used area=heap, sampled every 0.5 s): %d MiB;  peak RSS (VmHWM): %d MiB;  RSS at end: %d MiB

                    Closed-Won -> Ordway subscription, %d deals at %.1f/s (commit in Salesforce -> POST /subscriptions answered in Ordway)
                      revloop  p50 %d ms  p95 %d ms  p99 %d ms  max %d ms
                      floor    p50 %d ms  p95 %d ms  p99 %d ms  max %d ms   (no CDC hop: the floor starts at the commit)
                    Closed-Won ramp, %s per step (a step kept up while its p95 stays under 1 s):
                    %s  sustained: %.0f syncs/s
                    Closed-Won saturation, %d deals closed at once (%.1f s to close them), drained by revloop:
                      revloop  %.2f syncs/s (%.1f s)      floor (2 threads) %.2f syncs/s   ratio %.1fx
                    Invoices, one billing run of %d invoices -> Ordway_Invoice__c (poller every 1 s):
                      revloop  %.1f invoices/s (%.1f s)   floor %.1f invoices/s   ratio %.1fx
                    Payments, %d invoices paid in full -> Ordway_Invoice__c Status__c = Paid and Ordway_Payment__c:
                      revloop  %.1f status updates/s (%.1f s)   floor %.1f status updates/s   ratio %.1fx
                    Account edits, %d Accounts' billing city changed at once -> Ordway customer updated:
                      revloop  %.1f updates/s (%.1f s)
                    Calls per synced record (revloop; floor in brackets):
                      closed-won (paced)   Salesforce %.2f  Ordway %.2f   [Salesforce %.2f  Ordway %.2f]
                      closed-won (burst)   Salesforce %.2f  Ordway %.2f
                      invoices             Salesforce %.3f  Ordway %.3f   [Salesforce %.3f  Ordway %.3f]
                      payments             Salesforce %.3f  Ordway %.3f   [Salesforce %.3f  Ordway %.3f]
                      account edits        Salesforce %.2f  Ordway %.2f
                    Ordway calls per closed-won deal, by kind (paced phase): %s
                    Ordway calls per Account edit, by kind: %s
                    """,
                    Instant.now(), Runtime.getRuntime().availableProcessors(), parseMiB(heap), heap,
                    System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    rig.schema, ordwayRps, startToReady.toMillis() / 1000.0,
                    app.peakHeapBytes() / (1024 * 1024), hwm / 1024, rss / 1024,
                    paced.size(), rate, pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), pct(latencies, 100),
                    pct(floorPacedResult.latencies(), 50), pct(floorPacedResult.latencies(), 95),
                    pct(floorPacedResult.latencies(), 99), pct(floorPacedResult.latencies(), 100),
                    rampStep.toSeconds() + " s", rampLines, sustained,
                    burst.size(), seconds(burstStart, burstClosed), cwPerSec, seconds(burstStart, burstDone),
                    floorBurstResult.perSecond(), floorBurstResult.perSecond() / cwPerSec,
                    invoices.size(), invPerSec, seconds(billed, invoicesDone), floorInvoices.perSecond(),
                    floorInvoices.perSecond() / invPerSec,
                    invoices.size(), paidPerSec, seconds(paying, paidDone), floorPayments.perSecond(),
                    floorPayments.perSecond() / paidPerSec,
                    accounts.size(), accounts.size() / seconds(editing, edited), seconds(editing, edited),
                    (double) sfPaced / paced.size(), (double) owPaced.size() / paced.size(),
                    floorPacedResult.salesforcePerRecord(), floorPacedResult.ordwayPerRecord(),
                    (double) sfBurst / burst.size(), (double) owBurst / burst.size(),
                    (double) sfInv / invoices.size(), (double) owInv / invoices.size(),
                    floorInvoices.salesforcePerRecord(), floorInvoices.ordwayPerRecord(),
                    (double) sfPay / invoices.size(), (double) owPay / invoices.size(),
                    floorPayments.salesforcePerRecord(), floorPayments.ordwayPerRecord(),
                    (double) sfAcc / accounts.size(), (double) owAcc / accounts.size(),
                    kinds(owPaced, paced.size()), kinds(owAccounts, accounts.size())));
        }
        System.out.println(out);
        Path report = Path.of("target", "bench", "benchmark.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out.toString());
        System.exit(0);
    }

    /** Closes the deals at a steady rate, recording each commit instant. */
    private static void closeAtRate(BenchRig rig, List<String> deals, double rate, Map<String, Instant> committed)
            throws InterruptedException {
        long intervalNanos = (long) (1_000_000_000L / rate);
        long t0 = System.nanoTime();
        for (int i = 0; i < deals.size(); i++) {
            long wait = t0 + i * intervalNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            committed.put(deals.get(i), rig.closeWon(deals.get(i)));
        }
    }

    /** Successful {@code PUT /customers/{id}} calls Ordway answered since journal position {@code from}. */
    private static long customerUpdates(BenchRig rig, int from) {
        List<JournalEntry> all = rig.ordway.journal().all();
        return all.subList(from, all.size()).stream().filter(e -> e.method().equals("PUT")
                && e.path().matches(".*/customers/[^/]+") && e.status() / 100 == 2).count();
    }

    static void awaitSynced(BenchRig rig, List<String> opportunities, Duration bound) {
        await(bound, () -> opportunities.stream().allMatch(id -> rig.salesforce.org().get(id)
                .map(r -> "Synced".equals(r.get("Ordway_Sync_Status__c"))).orElse(false)));
    }

    private static void awaitInvoices(BenchRig rig, int count, String status, Duration bound) {
        await(bound, () -> {
            List<Map<String, Object>> records = rig.salesforce.org().records("Ordway_Invoice__c");
            return records.size() >= count && records.stream().filter(r -> status.equals(r.get("Status__c"))).count() >= count;
        });
    }

    static List<JsonNode> invoices(BenchRig rig) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode batch = rig.ordway.company().get("/invoices?size=50&page=" + page);
            batch.forEach(all::add);
            if (batch.size() < 50) {
                return all;
            }
        }
    }

    /** salesforce_id (opportunity id) to the moment Ordway created its subscription. */
    static Map<String, Instant> subscriptionCreated(List<JournalEntry> entries) {
        Map<String, Instant> created = new HashMap<>();
        for (JournalEntry e : entries) {
            if (e.method().equals("POST") && e.path().matches(".*/subscriptions/?") && e.status() / 100 == 2) {
                try {
                    created.putIfAbsent(JSON.readTree(e.body()).path("salesforce_id").asText(), e.receivedAt());
                } catch (Exception ignored) {
                    // a body the sandbox accepted is JSON
                }
            }
        }
        return created;
    }

    static List<Long> latenciesMillis(Map<String, Instant> committed, Map<String, Instant> created) {
        List<Long> result = new ArrayList<>();
        committed.forEach((id, at) -> {
            Instant done = created.get(id);
            if (done != null) {
                result.add(Duration.between(at, done).toMillis());
            }
        });
        Collections.sort(result);
        return result;
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        List<Long> s = new ArrayList<>(sorted);
        Collections.sort(s);
        int index = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, index)));
    }

    private static String kinds(List<JournalEntry> entries, int records) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (JournalEntry e : entries) {
            String path = e.path().replaceAll("^/api/v1", "").replaceAll("/[A-Z]+-[0-9]+", "/{id}")
                    .replaceAll("/C-[^/]+|/[0-9a-zA-Z]{15,18}", "/{id}");
            counts.merge(e.method() + " " + path, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(String.format("%n      %-48s %.2f", k, (double) v / records)));
        return sb.toString();
    }

    static double seconds(Instant from, Instant to) {
        return Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
    }

    private static long parseMiB(String heap) {
        String h = heap.toLowerCase();
        long n = Long.parseLong(h.replaceAll("[^0-9]", ""));
        return h.endsWith("g") ? n * 1024 : h.endsWith("m") ? n : n / (1024 * 1024);
    }

    static void await(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + bound);
            }
            RevloopProcess.sleep(100);
        }
        Objects.requireNonNull(condition);
    }
}
