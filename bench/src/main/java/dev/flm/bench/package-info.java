/** FLM bench module. */
package dev.flm.bench;
