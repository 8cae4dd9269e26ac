/**
 * ONNX files read and written without a protobuf dependency: {@link dev.flm.text.onnx.OnnxModel}
 * reads a model's graph and initializers and writes it back with new weights (the fine-tuned
 * encoder's export); {@link dev.flm.text.onnx.OnnxGraphBuilder} writes small graphs built in code.
 */
package dev.flm.text.onnx;
