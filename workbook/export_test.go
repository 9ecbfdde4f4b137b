package workbook

// Internals the external tests (package workbook_test, which may import datafile) look at.
var (
	ValueCells     = valueCells
	CellName       = cellName
	GridTop        = gridTop
	OleSignature   = oleSignature
	EncryptedEntry = encryptedEntry
	ScanWorkbook   = scanWorkbook
)
