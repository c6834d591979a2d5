package org.organisermetrics.cli;

import java.nio.file.Path;
import org.organisermetrics.privacy.Pseudonymiser;
import org.organisermetrics.privacy.Secret;
import picocli.CommandLine.Option;

/** How the pseudonymisation secret is given (ARCHITECTURE.md, Privacy). */
public final class SecretOptions {
    @Option(names = "--key-file", paramLabel = "PATH",
            description = "File holding the pseudonymisation secret (else the environment variable " + Secret.ENV + ").")
    Path keyFile;

    @Option(names = "--demo", description = "Generated demo data only: use the public demo secret when none is given.")
    boolean demo;

    public Pseudonymiser pseudonymiser() {
        return new Pseudonymiser(Secret.resolve(keyFile, System.getenv(Secret.ENV), demo));
    }
}
