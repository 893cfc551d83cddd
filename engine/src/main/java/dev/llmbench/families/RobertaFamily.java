package dev.llmbench.families;

import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.weights.HfConfig;

/**
 * RoBERTa: BERT's encoder with one token type and positions numbered from padding_idx + 1 (2 in the
 * published checkpoints), so that the table's first rows serve no position. Checkpoints: RobertaModel,
 * BERT's tensor names under "roberta." when saved from a task model.
 */
final class RobertaFamily extends BertFamily {
    /** Published RoBERTa checkpoints' padding id: positions start at 2. */
    private static final int PADDING_ID = 1;

    RobertaFamily() {
        super(Family.ROBERTA, "RobertaModel");
    }

    @Override
    public ConfigBuilder preset(String name) {
        return bertLike(name, Family.ROBERTA, 1);
    }

    @Override
    int positionOffset(HfConfig json) {
        return json.intOr("pad_token_id", PADDING_ID) + 1;
    }

    @Override
    String taskPrefix() {
        return "roberta.";
    }
}
