// Package zipcheck guards the readers of zip-based documents (a statistics workbook, a Word
// narrative) against what is not one or would unzip to too much: a zip bomb must fail alone,
// quickly, and without memory.
package zipcheck

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
)

// Limits on one document: what a real one needs many times over.
const (
	MaxEntries  = 2000     // files in the zip
	MaxUnzipped = 64 << 20 // their total size, unzipped
	MaxRatio    = 200      // unzipped : zipped, for an entry over 1 MB
)

// ErrNotZip: the bytes are not a zip archive (not an .xlsx or .docx, or damaged).
var ErrNotZip = errors.New("not a zip archive")

// ErrTooLarge: the archive would unzip to more than the limits allow.
var ErrTooLarge = errors.New("unzips to too much")

// Open checks a zip archive's directory against the limits and returns its reader.
func Open(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	if len(zr.File) > MaxEntries {
		return nil, fmt.Errorf("%w: %d files", ErrTooLarge, len(zr.File))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzipped || f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > MaxRatio*max(f.CompressedSize64, 1) {
			return nil, ErrTooLarge
		}
	}
	return zr, nil
}
