package io.revloop.e2e;

class AccountSyncPostgresE2eTest extends AccountSyncE2eContract {

    @Override
    E2eDatabase.Kind database() {
        return E2eDatabase.Kind.POSTGRES;
    }
}
