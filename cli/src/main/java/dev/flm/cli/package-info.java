/** FLM cli module. */
package dev.flm.cli;
