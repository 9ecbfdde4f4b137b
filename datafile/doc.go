// Package datafile reads and writes the data files people make: the TOML data file with its
// narrative files (.txt, Word .docx), last year's file (prev), the sidecar .json a build writes,
// summaries (sum), the template and next year's file. It sits at the start of the pipeline:
// datafile → model.Report → check → tree → layout → writers. It is the only package that opens
// data files; every read is bounded and confined (internal/safefile).
package datafile
