package io.revloop.e2e;

class RestartPostgresE2eTest extends RestartE2eContract {

    @Override
    E2eDatabase.Kind database() {
        return E2eDatabase.Kind.POSTGRES;
    }
}
