/** FLM eval module. */
package dev.flm.eval;
