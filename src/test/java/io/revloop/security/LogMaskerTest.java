package io.revloop.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogMaskerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // e-mail addresses anywhere
            "contact ada.lovelace+billing@example.co.uk signed           | contact ***@*** signed",
            "to=ada@example.com                                          | to=***@***",
            "/customers?email=ada%40example.com&page=1                   | /customers?email=***&page=1",
            "<ada@example.com>                                           | <***@***>",
            // phone numbers
            "call +14155552671 now                                       | call *** now",
            "call +44 20 7946 0958 now                                   | call *** now",
            "call +1-415-555-2671.                                       | call ***.",
            "call +49 (0)30 1234567                                      | call ***",
            "call (415) 555-2671 or 415-555-2671 or 415.555.2671         | call *** or *** or ***",
            "call 415 555 2671                                           | call ***",
            // JSON values of name, email and phone keys
            "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Amount\":1200.00} | {\"FirstName\":\"***\",\"LastName\":\"***\",\"Amount\":1200.00}",
            "{\"Name\" : \"Ada Lovelace\", \"Id\":\"0035g00000XyZabAAA\"}  | {\"Name\" : \"***\", \"Id\":\"0035g00000XyZabAAA\"}",
            "{\"first_name\":\"Ada\",\"display_name\":\"A. L.\"}          | {\"first_name\":\"***\",\"display_name\":\"***\"}",
            "{\"MobilePhone\":\"0044 7700 900123\",\"Phone\":4155552671}  | {\"MobilePhone\":\"***\",\"Phone\":***}",
            "{\"billing_contact\":{\"email\":\"a@b.io\",\"name\":\"Ada\"}} | {\"billing_contact\":{\"email\":\"***\",\"name\":\"***\"}}",
            "{\"contact_name\":\"Ada \\\"The Countess\\\" L\",\"id\":\"C-1\"} | {\"contact_name\":\"***\",\"id\":\"C-1\"}",
            // JSON escaped inside a string, as in an error message quoting a response body
            "body: {\\\"LastName\\\":\\\"Lovelace\\\"}                    | body: {\\\"LastName\\\":\\\"***\\\"}",
            // key=value and key: value forms (toString of maps and records, YAML-ish text)
            "{FirstName=Ada, LastName=Lovelace, Amount=1200.00}          | {FirstName=***, LastName=***, Amount=1200.00}",
            "Contact[id=0035g00000XyZabAAA, name=Ada Lovelace, phone=+14155552671] | Contact[id=0035g00000XyZabAAA, name=***, phone=***]",
            "name: Ada Lovelace                                          | name: ***",
            "user name='Ada Lovelace' role=admin                         | user name='***' role=admin",
            "ContactName=Ada Lovelace status=ACTIVE                      | ContactName=*** status=ACTIVE",
            // secrets, e.g. Ordway's auth headers
            "X-User-Token: abc123def, X-API-KEY=k-9f8e, \"client_secret\":\"s3\" | X-User-Token: ***, X-API-KEY=***, \"client_secret\":\"***\"",
            "{\"password\":\"hunter2\",\"access_token\":\"00Dxx!AQ4\"}    | {\"password\":\"***\",\"access_token\":\"***\"}",
            // XML
            "<Contact><FirstName>Ada</FirstName><Id>003</Id></Contact>   | <Contact><FirstName>***</FirstName><Id>003</Id></Contact>",
    })
    void masksPersonalData(String input, String expected) {
        assertThat(LogMasker.mask(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Opportunity 0065g00000ABCdeAAA amount 1200.00 synced",
            "Invoice INV-000123 total 1,200.00 due 2024-01-15T10:00:00.000+00:00",
            "replayId=18446744 epoch=1700000000123 attempts=3",
            "correlationId=3f2a9c1e-1d2b-4c5d-8e9f-0a1b2c3d4e5f",
            "event cdc:0002a8f1-e5c8-7a0b-9d35-7f1c8e6a1b2c:1:0065g00000ABCdeAAA",
            "host 192.168.100.200 port 5432 version 4.17.0",
            "amount +1234567.89 credited",
            "{\"Amount\":1200.00,\"StageName\":\"Closed Won\",\"CloseDate\":\"2024-03-31\"}",
            "Required field missing: LastName on Contact 0035g00000XyZabAAA",
            "{\"name\":null,\"email\":\"\"}",
            "gcm1:k1:AbC+1234567890/xyz==",
    })
    void leavesIdsAmountsAndDatesAlone(String input) {
        assertThat(LogMasker.mask(input)).isEqualTo(input);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Email\":\"ada@example.com\",\"Phone\":\"+1 415 555 2671\"}",
            "name=Ada email=ada@example.com phone=(415) 555-2671",
    })
    void isIdempotent(String input) {
        String once = LogMasker.mask(input);

        assertThat(LogMasker.mask(once)).isEqualTo(once);
        assertThat(once).doesNotContain("ada", "Ada", "555");
    }
}
