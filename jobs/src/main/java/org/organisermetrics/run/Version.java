package org.organisermetrics.run;

import picocli.CommandLine.IVersionProvider;

/** The program version from the jar manifest (Implementation-Version), "dev" when run from classes. */
public final class Version implements IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"organiser-metrics " + current(), "Java " + System.getProperty("java.version")};
    }
}
