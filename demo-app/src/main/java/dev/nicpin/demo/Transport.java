package dev.nicpin.demo;

/** What a path speaks to the far side, and so which of its ports it talks to. */
enum Transport {
    TCP("tcp"), UDP("udp"), HTTP("http");

    final String label;

    Transport(String label) {
        this.label = label;
    }
}
