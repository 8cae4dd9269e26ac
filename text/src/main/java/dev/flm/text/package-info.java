/**
 * Pretrained text encoders on ONNX Runtime and the zero-shot {@code text} recommender.
 *
 * <p>Start at {@link dev.flm.text.ModelCatalogue#open(String)} (bundled models by name, or a local
 * HuggingFace/Optimum export folder), which gives a thread-safe {@link dev.flm.text.TextEncoder}.
 * {@link dev.flm.text.CachingEncoder} adds the on-disk {@link dev.flm.text.EmbeddingCache}; {@link
 * dev.flm.text.TextTemplate} builds item and user texts; {@link dev.flm.text.TextRecommender} is
 * the {@code text} model.
 */
package dev.flm.text;
