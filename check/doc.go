// Package check is the checking stage of the pipeline: data files (datafile) → model.Report →
// check → findings. It holds the national rules R0–R14 (勾稽关系, totals, structure, the
// narrative's numbers against the tables, last year's 结转, placeholders, punctuation), the
// findings they produce, and the cell-by-cell comparison of two reports (diff). It reads no file:
// what it needs of other files (last year's report) is handed to it.
package check
