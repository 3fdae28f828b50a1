package io.revloop.sandbox.ordway;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/** Drops the headers WireMock adds about the stub it matched: Ordway sends nothing like them. */
final class StubIdentityRemover implements ResponseTransformerV2 {

    @Override
    public String getName() {
        return "ordway-sandbox-stub-identity-remover";
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        HttpHeaders kept = new HttpHeaders(response.getHeaders().all().stream()
                .filter(header -> !header.key().startsWith("Matched-Stub-"))
                .toList());
        return Response.Builder.like(response).but().headers(kept).build();
    }
}
