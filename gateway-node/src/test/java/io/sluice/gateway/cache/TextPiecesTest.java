package io.sluice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextPiecesTest {

    @Test
    void split_putsSpaceBeforeEachWord() {
        assertThat(TextPieces.split("1 2 3 4 5")).containsExactly("1", " 2", " 3", " 4", " 5");
    }

    @Test
    void split_alwaysJoinsBackToInput() {
        String[] inputs = {"", " lead", "trail ", "a  b\n\nc", "x".repeat(100), "emoji 🙂🙂🙂 " + "🙂".repeat(30)};
        for (String input : inputs) {
            List<String> pieces = TextPieces.split(input);
            assertThat(String.join("", pieces)).isEqualTo(input);
            for (String piece : pieces) {
                assertThat(Character.isLowSurrogate(piece.charAt(0))).as(piece).isFalse();
            }
        }
    }

    @Test
    void split_boundsPiecesOfLongText() {
        String text = "word ".repeat(100_000);

        List<String> pieces = TextPieces.split(text);

        assertThat(pieces).hasSizeLessThanOrEqualTo(TextPieces.MAX_PIECES);
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void split_cutsLongWords() {
        assertThat(TextPieces.split("y".repeat(60))).hasSize(3);
    }
}
