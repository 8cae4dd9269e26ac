/** FLM train module. */
package dev.flm.train;
