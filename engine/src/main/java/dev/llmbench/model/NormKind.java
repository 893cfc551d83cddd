package dev.llmbench.model;

public enum NormKind {
    LAYER_NORM, RMS_NORM
}
