package io.workflowdb.operator.cluster.access;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generated passwords of one managed cluster, keyed as in its credentials Secret. They are
 * generated once, from {@link SecureRandom}, and never regenerated: a reconcile only fills keys that
 * are missing.
 */
public record Credentials(Map<String, String> passwords) {

    public static final String SUPERUSER = "superuser-password";
    public static final String REPLICATION = "replication-password";
    public static final String REWIND = "rewind-password";
    public static final String REST_API = "restapi-password";
    public static final String OWNER = "owner-password";
    public static final String POOLER = "pooler-password";
    static final String[] KEYS = { SUPERUSER, REPLICATION, REWIND, REST_API, OWNER, POOLER };

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Credentials {
        passwords = Map.copyOf(passwords);
    }

    /** Shown by the offline render command in place of every password. */
    public static Credentials redacted() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            values.put(key, "<redacted>");
        }
        return new Credentials(values);
    }

    /** The existing passwords with only the missing ones generated; {@code existing} may be empty. */
    public static Credentials completing(Map<String, String> existing) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            String current = existing.get(key);
            values.put(key, current == null || current.isEmpty() ? generate() : current);
        }
        return new Credentials(values);
    }

    /** Decodes a Secret's {@code data}; keys that are absent stay absent. */
    public static Map<String, String> decode(Map<String, String> data) {
        Map<String, String> values = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return values;
    }

    public Map<String, String> encoded() {
        Map<String, String> data = new LinkedHashMap<>();
        passwords.forEach((k, v) -> data.put(k, encode(v)));
        return data;
    }

    public String get(String key) {
        return passwords.get(key);
    }

    public static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A new random password of the operator's alphabet (SecureRandom). */
    public static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    @Override
    public String toString() {
        return "Credentials" + passwords.keySet();
    }
}
