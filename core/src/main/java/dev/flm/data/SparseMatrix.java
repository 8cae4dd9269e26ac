package dev.flm.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Compressed sparse row matrix on primitive arrays. Row {@code r} holds columns {@code
 * colIdx[rowPtr[r] .. rowPtr[r+1])} in ascending order with their {@code values}. Its {@link
 * #transpose()} is the CSC view of the same matrix. Immutable by convention: arrays are shared, not
 * copied.
 */
public record SparseMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {

  /** What to do with repeated (row, column) coordinates. */
  public enum Duplicates {
    SUM,
    KEEP_LAST,
    KEEP_FIRST
  }

  public SparseMatrix {
    Objects.requireNonNull(rowPtr, "rowPtr");
    Objects.requireNonNull(colIdx, "colIdx");
    Objects.requireNonNull(values, "values");
    if (rowPtr.length != rows + 1) {
      throw new IllegalArgumentException(
          "rowPtr length must be rows+1=" + (rows + 1) + "; length=" + rowPtr.length);
    }
    if (colIdx.length != values.length || rowPtr[rows] != colIdx.length) {
      throw new IllegalArgumentException(
          "colIdx/values length must equal rowPtr[rows]="
              + rowPtr[rows]
              + "; colIdx="
              + colIdx.length
              + ", values="
              + values.length);
    }
  }

  /**
   * Builds a CSR matrix from coordinates by counting sort; {@code vals == null} means every value
   * is 1. Columns end up sorted within each row.
   */
  public static SparseMatrix fromCoordinates(
      int rows, int cols, int[] r, int[] c, float[] vals, Duplicates duplicates) {
    int n = r.length;
    int[] ptr = new int[rows + 1];
    for (int k = 0; k < n; k++) {
      int row = r[k];
      if (row < 0 || row >= rows || c[k] < 0 || c[k] >= cols) {
        throw new IllegalArgumentException(
            "coordinate " + k + " (" + row + ", " + c[k] + ") outside " + rows + "x" + cols);
      }
      ptr[row + 1]++;
    }
    for (int i = 0; i < rows; i++) {
      ptr[i + 1] += ptr[i];
    }
    int[] fill = Arrays.copyOf(ptr, rows);
    int[] col = new int[n];
    float[] val = new float[n];
    for (int k = 0; k < n; k++) {
      int p = fill[r[k]]++;
      col[p] = c[k];
      val[p] = vals == null ? 1f : vals[k];
    }
    // Sort each row by column (stable, so position order survives among duplicates) and merge.
    int[] outPtr = new int[rows + 1];
    int w = 0;
    int[] tmpC = new int[0];
    float[] tmpV = new float[0];
    for (int row = 0; row < rows; row++) {
      int s = ptr[row];
      int e = ptr[row + 1];
      int len = e - s;
      boolean sorted = true;
      for (int p = s + 1; p < e; p++) {
        if (col[p - 1] >= col[p]) {
          sorted = false;
          break;
        }
      }
      if (!sorted) {
        if (tmpC.length < len) {
          tmpC = new int[len];
          tmpV = new float[len];
        }
        insertionOrMergeSort(col, val, s, e, tmpC, tmpV);
      }
      for (int p = s; p < e; p++) {
        if (w > outPtr[row] && col[w - 1] == col[p]) {
          switch (duplicates) {
            case SUM -> val[w - 1] += val[p];
            case KEEP_LAST -> val[w - 1] = val[p];
            case KEEP_FIRST -> {}
          }
        } else {
          col[w] = col[p];
          val[w] = val[p];
          w++;
        }
      }
      outPtr[row + 1] = w;
    }
    if (w != n) {
      col = Arrays.copyOf(col, w);
      val = Arrays.copyOf(val, w);
    }
    return new SparseMatrix(rows, cols, outPtr, col, val);
  }

  /** Stable sort of (col, val) in [s, e) by col. */
  private static void insertionOrMergeSort(
      int[] col, float[] val, int s, int e, int[] tmpC, float[] tmpV) {
    int len = e - s;
    if (len <= 32) {
      for (int i = s + 1; i < e; i++) {
        int c = col[i];
        float v = val[i];
        int j = i - 1;
        while (j >= s && col[j] > c) {
          col[j + 1] = col[j];
          val[j + 1] = val[j];
          j--;
        }
        col[j + 1] = c;
        val[j + 1] = v;
      }
      return;
    }
    int mid = (s + e) >>> 1;
    insertionOrMergeSort(col, val, s, mid, tmpC, tmpV);
    insertionOrMergeSort(col, val, mid, e, tmpC, tmpV);
    int i = s;
    int j = mid;
    int k = 0;
    while (i < mid && j < e) {
      if (col[j] < col[i]) {
        tmpC[k] = col[j];
        tmpV[k++] = val[j++];
      } else {
        tmpC[k] = col[i];
        tmpV[k++] = val[i++];
      }
    }
    while (i < mid) {
      tmpC[k] = col[i];
      tmpV[k++] = val[i++];
    }
    while (j < e) {
      tmpC[k] = col[j];
      tmpV[k++] = val[j++];
    }
    System.arraycopy(tmpC, 0, col, s, len);
    System.arraycopy(tmpV, 0, val, s, len);
  }

  /** Number of stored entries. */
  public int nnz() {
    return colIdx.length;
  }

  /** Number of stored entries in row {@code r}. */
  public int rowNnz(int r) {
    return rowPtr[r + 1] - rowPtr[r];
  }

  /** True if (r, c) is stored. */
  public boolean contains(int r, int c) {
    return Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c) >= 0;
  }

  /** Value at (r, c), or 0 when absent. */
  public float get(int r, int c) {
    int p = Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c);
    return p >= 0 ? values[p] : 0f;
  }

  /** Columns of row {@code r} (a copy). */
  public int[] row(int r) {
    return Arrays.copyOfRange(colIdx, rowPtr[r], rowPtr[r + 1]);
  }

  /** The transpose (equivalently the CSC form of this matrix), columns sorted within rows. */
  public SparseMatrix transpose() {
    int[] ptr = new int[cols + 1];
    for (int c : colIdx) {
      ptr[c + 1]++;
    }
    for (int i = 0; i < cols; i++) {
      ptr[i + 1] += ptr[i];
    }
    int[] fill = Arrays.copyOf(ptr, cols);
    int[] col = new int[colIdx.length];
    float[] val = new float[colIdx.length];
    for (int r = 0; r < rows; r++) {
      for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
        int q = fill[colIdx[p]]++;
        col[q] = r;
        val[q] = values[p];
      }
    }
    return new SparseMatrix(cols, rows, ptr, col, val);
  }

  /** Same pattern with every value set to 1. */
  public SparseMatrix binarized() {
    float[] ones = new float[values.length];
    Arrays.fill(ones, 1f);
    return new SparseMatrix(rows, cols, rowPtr, colIdx, ones);
  }
}
