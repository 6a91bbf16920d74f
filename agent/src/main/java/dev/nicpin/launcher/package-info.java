/**
 * The only package on the application's class path: the entry points the JVM and the
 * {@code java -jar} command look for. It holds no state and hands over at once.
 */
package dev.nicpin.launcher;
