package dev.nicpin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShownTest {

    @Test
    void controlCharactersAndLoneSurrogatesAreEscaped() {
        assertEquals("a\\u001B[31m\\u000D\\u000A\\uD800b", Shown.text("a\u001b[31m\r\n\ud800b"));
    }

    /** A format character beyond U+FFFF (a tag character) is escaped as its two UTF-16 units. */
    @Test
    void supplementaryCharactersAreEscapedUnitByUnit() {
        assertEquals("x\\uDB40\\uDC01y", Shown.text("x\uDB40\uDC01y"));
    }

    @Test
    void printableSupplementaryCharactersStayAsTheyAre() {
        assertEquals("\uD83D\uDE00", Shown.text("\uD83D\uDE00"));
    }
}
