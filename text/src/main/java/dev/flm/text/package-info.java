/** FLM text module. */
package dev.flm.text;
