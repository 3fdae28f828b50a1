package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Change events nest compound fields: Contact {@code FirstName} travels as {@code Name.FirstName}, Account
 * {@code BillingCity} as {@code BillingAddress.City}, and changedFields names them {@code BillingAddress.City}.
 */
final class CompoundFields {

    record Component(String compound, String component) {
        String path() {
            return compound + "." + component;
        }
    }

    private static final Set<String> PERSON_NAMES = Set.of("Contact", "User", "Lead");
    private static final List<String> ADDRESS_PREFIXES = List.of("Billing", "Shipping", "Mailing", "Other");
    private static final List<String> ADDRESS_PARTS = List.of("Street", "City", "State", "PostalCode", "Country");

    private CompoundFields() {
    }

    /** The compound a field belongs to in change events, if any. */
    static Optional<Component> of(SObjectType type, String field) {
        if (PERSON_NAMES.contains(type.name()) && (field.equals("FirstName") || field.equals("LastName"))) {
            return Optional.of(new Component("Name", field));
        }
        for (String prefix : ADDRESS_PREFIXES) {
            if (field.startsWith(prefix) && ADDRESS_PARTS.contains(field.substring(prefix.length()))) {
                return Optional.of(new Component(prefix + "Address", field.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    /** The person Name formula is not sent on its own: the compound Name carries its parts. */
    static boolean replacedByCompound(SObjectType type, String field) {
        return PERSON_NAMES.contains(type.name()) && field.equals("Name");
    }
}
