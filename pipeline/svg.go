package pipeline

import (
	"io"

	"nianbao/svg"
)

// The SVG output (--formats svg): the laid-out pages as one SVG file, one below the other, with
// the fonts the PDF and OFD embed — from the same laid-out document, made once for all three.
// Registered here, beside the writer it calls, as html.go registers the HTML outputs.
func init() {
	formats = append(formats, format{".svg", func(o Options) bool { return o.SVG }, true, func(w io.Writer, j *job) error {
		return svg.Write(w, j.laid)
	}})
	outputExts = append(outputExts, ".svg")
}
