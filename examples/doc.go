// Package examples holds real-looking reports (one folder each: report.toml and its text files)
// and the acceptance suite that builds them all and checks the output from outside: pdfcheck,
// docxcheck, the Open XML SDK validator and a LibreOffice render. A folder whose name starts with
// "inconsistent" holds a report the checks must reject.
package examples
