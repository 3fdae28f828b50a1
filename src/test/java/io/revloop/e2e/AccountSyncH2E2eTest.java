package io.revloop.e2e;

class AccountSyncH2E2eTest extends AccountSyncE2eContract {

    @Override
    E2eDatabase.Kind database() {
        return E2eDatabase.Kind.H2;
    }
}
