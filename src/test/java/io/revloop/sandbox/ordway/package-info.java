/**
 * The Ordway sandbox: a stateful emulator of the Ordway REST API v1 as {@code shared/reference/ordway-api.md}
 * describes it, served by WireMock on 127.0.0.1 through one extension ({@link OrdwayApiExtension}).
 *
 * <p>API, under {@code /api/v1}, every call with X-API-KEY (403 {"message":"Forbidden"} when missing or wrong),
 * X-User-Company, X-User-Email and X-User-Token (401 {"error":{"status":401,"title":"Invalid Email/Token
 * combination."}}):
 * <pre>
 * GET|POST /customers            GET|PUT /customers/{id}
 * GET|POST /customers/{id}/contacts          GET|PUT /customers/{id}/contacts/{contactId}
 * GET|POST /products             GET|PUT /products/{id}
 * GET|POST /plans                GET|PUT /plans/{id}     GET /plans/{id}/charges[/{chargeId}]
 * GET|POST /subscriptions        GET|PUT /subscriptions/{id}
 * PUT /subscriptions/{id}/activate | change | renew | cancel
 * GET /invoices                  GET /invoices/{id}      PUT /invoices/{id}/reverse
 * GET|POST /payments             GET /payments/{id}      PUT /payments/{id}/reverse
 * GET|POST /billing_runs         GET /billing_runs/{id}
 * GET /billing_schedules[/{id}]  GET /revenue_schedules[/{id}]
 * </pre>
 * Lists are bare arrays with {@code page} (1-based), {@code size} (default 20, at most 50; 500 for revenue
 * schedules), {@code sort=field[ desc],...}, comparison filters with the operator in the name
 * ({@code updated_date>}, {@code >=}, {@code <}, {@code <=}) and equality on any top-level field or
 * {@code custom_fields.key}.
 *
 * <p>Sandbox controls live under {@code /__sandbox} (see {@link ControlSurface}); they are not journaled and need
 * no credentials.
 */
package io.revloop.sandbox.ordway;
