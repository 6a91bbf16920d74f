package dev.nicpin.it;

/** IPv4 or IPv6: the lab has an address of each family wherever it has one at all. */
public enum IpFamily {
    V4, V6
}
