package dev.flm.text;

/**
 * What a text is for. Asymmetric models (E5, BGE) prefix queries and passages differently; items
 * are passages, a user's own description is a query. Symmetric models ignore the role.
 */
public enum Role {
  QUERY,
  PASSAGE
}
