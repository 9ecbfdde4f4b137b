package pipeline

import (
	"io"

	"nianbao/html"
)

// The HTML outputs (--formats html,html-fragment) are writers of the document tree, like the
// DOCX: the page a website publishes (base.html) and the article alone with inline styles, for
// pasting into the site's editor (base.fragment.html). They are registered here, beside the
// writer they call, so that build.go's list stays as it is.
func init() {
	formats = append(formats,
		format{".html", func(o Options) bool { return o.HTML }, false, func(w io.Writer, j *job) error {
			return html.Write(w, j.d, html.Options{Theme: j.opt.Theme})
		}},
		format{".fragment.html", func(o Options) bool { return o.HTMLFragment }, false, func(w io.Writer, j *job) error {
			return html.Write(w, j.d, html.Options{Theme: j.opt.Theme, Fragment: true})
		}})
	outputExts = append(outputExts, ".html", ".fragment.html")
}
