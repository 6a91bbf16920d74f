package dev.nicpin.rules;

/** Canonical address text, as rules, errors and {@code explain} print it. */
final class AddressFormat {
    private AddressFormat() {
    }

    /** Dotted-decimal IPv4 text. */
    static String ipv4(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups as {@code ::}, mapped IPv4 dotted. */
    static String ipv6(long hi, long lo) {
        if (hi == 0 && lo >>> 32 == 0xFFFFL) {
            return "::ffff:" + ipv4((int) lo);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = (int) ((g < 4 ? hi >>> (48 - 16 * g) : lo >>> (48 - 16 * (g - 4))) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; g++) {
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > bestLength) {
                bestStart = g;
                bestLength = end - g;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }
}
