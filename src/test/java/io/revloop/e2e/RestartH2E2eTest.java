package io.revloop.e2e;

class RestartH2E2eTest extends RestartE2eContract {

    @Override
    E2eDatabase.Kind database() {
        return E2eDatabase.Kind.H2;
    }
}
