// Package input holds what every reader of files people write needs, beside the pipeline rather
// than in it: errors located at FILE:LINE:COL (Error, Errors), the nesting guard that runs before
// the TOML decoder (Guard), the line of every key (KeyLines, LineOf), and the nearest valid key for
// a slip (Closest). model (data files), theme and the workbook reader use it.
package input
