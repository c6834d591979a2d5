/**
 * Plain-Java statistics on {@code double[]} samples, built on Apache Commons Math 3.6.1: the
 * Welch two-sample comparison (t, Welch-Satterthwaite degrees of freedom, p-value and confidence
 * interval), the Mann-Whitney U test and Hedges' g. No Spark here, so every figure can be checked
 * by hand in a unit test. docs/pilot-evaluation.md says which formulas and why.
 */
package org.organisermetrics.evaluate;
