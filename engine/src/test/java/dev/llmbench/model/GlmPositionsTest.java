package dev.llmbench.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ChatGLM-6B's positions for a prompt of 5 tokens ([a, b, c, gMASK, bos]): THUDM's modelling code gives position
 * ids [0, 1, 2, 3, 3] and block ids [0, 0, 0, 0, 1], the k-th generated token position 3 and block 2 + k, and the
 * context (the first 4 tokens) attended both ways.
 */
class GlmPositionsTest {
    private static final int PROMPT = 5;

    @Test
    void thePromptsLastTokenOpensTheGeneratedBlock() {
        int[] positions = new int[PROMPT + 3], blocks = new int[PROMPT + 3];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = GlmPositions.position(PROMPT, i);
            blocks[i] = GlmPositions.block(PROMPT, i);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 3, 3, 3, 3}, positions);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 2, 3, 4}, blocks);
        assertEquals(4, GlmPositions.blockStart(PROMPT));
    }

    @Test
    void theContextAttendsBothWaysAndTheBlockCausally() {
        assertTrue(GlmPositions.visible(PROMPT, 0, 3), "the first token sees the context's last");
        assertFalse(GlmPositions.visible(PROMPT, 3, 4), "the context does not see bos");
        assertTrue(GlmPositions.visible(PROMPT, 4, 4));
        assertTrue(GlmPositions.visible(PROMPT, 6, 5), "a generated token sees the tokens before it");
        assertFalse(GlmPositions.visible(PROMPT, 5, 6), "and not the ones after");
        assertTrue(GlmPositions.visible(PROMPT, 6, 0));
    }

    /**
     * GLM-10B under TensorRT-LLM's benchmark (random ids, no mask token): the generated block sits at the prompt's
     * length, positions [0, 1, 2, 3, 5] for the prompt and 5 after; blocks and mask as ChatGLM-6B's.
     */
    @Test
    void glmTenBillionsGeneratedBlockSitsAtThePromptsLength() {
        int[] positions = new int[PROMPT + 3];
        for (int i = 0; i < positions.length; i++) positions[i] = GlmPositions.position(PositionEmbedding.LEARNED_2D, PROMPT, i);
        assertArrayEquals(new int[] {0, 1, 2, 3, 5, 5, 5, 5}, positions);
        assertEquals(3, GlmPositions.position(PositionEmbedding.ROPE_2D, PROMPT, 7), "ChatGLM-6B's at the mask, L - 2");
        assertEquals(1, GlmPositions.position(PositionEmbedding.LEARNED_2D, 1, 0), "a one-token prompt: sop at 1");
    }

    /** A one-token prompt is bos alone: no context, position 0, block 1. */
    @Test
    void aOneTokenPromptIsItsBlocksStart() {
        assertEquals(0, GlmPositions.position(1, 0));
        assertEquals(1, GlmPositions.block(1, 0));
        assertEquals(0, GlmPositions.position(1, 3));
        assertEquals(4, GlmPositions.block(1, 3));
    }
}
