package org.organisermetrics.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the pseudonymisation secret comes from: {@code --key-file}, else the environment variable
 * {@value #ENV}, else (only with {@code --demo}, for generated demo data) a fixed, public demo key.
 */
public final class Secret {
    public static final String ENV = "ORGANISER_METRICS_KEY";
    /** Public on purpose: demo keys protect nothing, so they must never meet real data. */
    private static final String DEMO_KEY = "organiser-metrics-demo-key-not-for-real-data";

    private Secret() {}

    /** The secret's bytes, or an explanation of how to give one (the caller turns it into a usage error). */
    public static byte[] resolve(Path keyFile, String environmentValue, boolean demo) {
        if (keyFile != null) {
            try {
                byte[] bytes = Files.readAllBytes(keyFile);
                String text = new String(bytes, StandardCharsets.UTF_8).strip();
                return checked(text.getBytes(StandardCharsets.UTF_8), "the key file " + keyFile);
            } catch (IOException e) {
                throw new MissingSecretException("cannot read the key file " + keyFile + ": " + e.getMessage());
            }
        }
        if (environmentValue != null && !environmentValue.isBlank()) {
            return checked(environmentValue.strip().getBytes(StandardCharsets.UTF_8), ENV);
        }
        if (demo) {
            return DEMO_KEY.getBytes(StandardCharsets.UTF_8);
        }
        throw new MissingSecretException("no pseudonymisation secret: person ids are published only as keyed hashes."
                + " Give a secret of at least 16 characters in the environment variable " + ENV
                + " or in a file with --key-file PATH (e.g. `head -c 32 /dev/urandom | base64 > key.txt`),"
                + " or use --demo on generated demo data only");
    }

    private static byte[] checked(byte[] secret, String where) {
        if (secret.length < 16) {
            throw new MissingSecretException("the secret in " + where + " is shorter than 16 characters");
        }
        return secret;
    }

    /** No usable secret: a usage error (exit 2). */
    public static final class MissingSecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MissingSecretException(String message) {
            super(message);
        }
    }
}
