package dev.flm.text.onnx;

/** An ONNX file that this reader cannot parse or that lacks what the caller needs. */
public class OnnxFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxFormatException(String message) {
    super(message);
  }
}
