package io.sluice.simulator;

/** One response header field. */
record Header(String name, String value) {
}
